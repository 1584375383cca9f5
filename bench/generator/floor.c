/* The generator's file-system floor: read every unit in a directory, write
 * one service per unit (the unit's bytes) and one symlink per .container
 * unit into <out>/multi-user.target.wants -- the same opens, reads, writes
 * and symlinks berth-generator makes, with no parsing. */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc != 3) { fprintf(stderr, "usage: floor UNITS OUT\n"); return 2; }
    char wants[4096], path[4096], target[4096], buffer[65536];
    snprintf(wants, sizeof wants, "%s/multi-user.target.wants", argv[2]);
    mkdir(argv[2], 0755);
    mkdir(wants, 0755);
    DIR *dir = opendir(argv[1]);
    if (!dir) { perror(argv[1]); return 1; }
    struct dirent *entry;
    while ((entry = readdir(dir))) {
        if (entry->d_name[0] == '.') continue;
        snprintf(path, sizeof path, "%s/%s", argv[1], entry->d_name);
        int in = open(path, O_RDONLY | O_CLOEXEC);
        if (in < 0) continue;
        ssize_t n = read(in, buffer, sizeof buffer);
        close(in);
        snprintf(path, sizeof path, "%s/%s.service", argv[2], entry->d_name);
        int out = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (out < 0) continue;
        if (n > 0 && write(out, buffer, (size_t)n) != n) return 1;
        close(out);
        if (strstr(entry->d_name, ".container")) {
            snprintf(target, sizeof target, "../%s.service", entry->d_name);
            snprintf(path, sizeof path, "%s/%s.service", wants, entry->d_name);
            symlink(target, path);
        }
    }
    closedir(dir);
    return 0;
}
