#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A build step's writable root: an overlay mount of the image's layers
/// with an upper directory in the build's staging area. What RUN, COPY and
/// ADD change lands in the upper directory, which becomes the new layer
/// as it is (overlay's own layer format) plus its tar for the diff id.
final class WorkingContainer {
    let directory: String
    var upper: String { directory + "/diff" }
    var merged: String { directory + "/merged" }
    private var mounted = false
    /// Paths the runtime created as mount points (they did not exist
    /// before a RUN): removed from the layer.
    private var scrub: [String] = []
    private let lowers: [String]

    /// `lowers`: layer directories, topmost first (empty for scratch).
    init(staging: StagingArea, lowers: [String]) throws {
        directory = staging.newPath("work")
        self.lowers = lowers
        try FileSystem.makeDirectories(upper)
        try FileSystem.makeDirectories(directory + "/work")
        try FileSystem.makeDirectories(merged)
        chmod(upper, 0o755)
        chmod(merged, 0o755)
        var lowerDirs = lowers
        if lowerDirs.isEmpty {
            try FileSystem.makeDirectories(directory + "/empty")
            lowerDirs = [directory + "/empty"]
        }
        let options = "lowerdir=\(lowerDirs.joined(separator: ":")),upperdir=\(upper),workdir=\(directory)/work"
        if options.utf8.count >= 4000 {
            throw EngineError(.system, "cannot mount the build's working container: \(lowers.count) layers exceed the mount option size (use --squash or --layers=false)")
        }
        // volatile: no syncs of the upper file system, so the unmount does
        // not wait for one (a crash discards a working container anyway;
        // kernels before 5.10 lack the option).
        if mount("overlay", merged, "overlay", 0, options + ",volatile") != 0 && mount("overlay", merged, "overlay", 0, options) != 0 {
            throw EngineError.system("cannot mount overlay for the build's working container", errno)
        }
        mounted = true
    }

    deinit { unmount() }

    func unmount() {
        guard mounted else { return }
        if umount2(merged, 0) != 0 { umount2(merged, Int32(MNT_DETACH)) }
        mounted = false
    }

    /// Remembers which of `destinations` (paths in the container) do not
    /// exist yet, with their missing parents, so they leave no trace.
    func noteMountPoints(_ destinations: [String]) {
        for destination in destinations {
            var path = ""
            for part in destination.split(separator: "/") {
                path += "/" + part
                var info = stat()
                if lstat(merged + path, &info) != 0 {
                    if !scrub.contains(path) { scrub.append(path) }
                    break
                }
                if (info.st_mode & S_IFMT) != S_IFDIR { break }
            }
        }
    }

    /// A directory overlay copied up only because a mount point was made
    /// in it (empty now, owner and mode as below) is not a change.
    private func removeCopiedUpParents(of path: String) {
        var parent = (path as NSString).deletingLastPathComponent
        while parent != "/" && !parent.isEmpty {
            var upperInfo = stat()
            guard lstat(upper + parent, &upperInfo) == 0, (upperInfo.st_mode & S_IFMT) == S_IFDIR,
                  FileSystem.list(upper + parent).isEmpty, !LayerTarWriter.isOpaque(upper + parent) else { return }
            var lowerInfo = stat()
            guard let lower = lowers.first(where: { lstat($0 + parent, &lowerInfo) == 0 }), !lower.isEmpty,
                  lowerInfo.st_mode == upperInfo.st_mode, lowerInfo.st_uid == upperInfo.st_uid, lowerInfo.st_gid == upperInfo.st_gid else { return }
            rmdir(upper + parent)
            parent = (parent as NSString).deletingLastPathComponent
        }
    }

    /// Unmounts and turns the upper directory into a staged layer over
    /// `parent` (a stored or staged layer id).
    func finish(parent: String?, staging: StagingArea) throws -> StagedLayer {
        unmount()
        for path in scrub.sorted(by: >) {
            let host = upper + path
            var info = stat()
            guard lstat(host, &info) == 0 else { continue }
            if (info.st_mode & S_IFMT) == S_IFDIR { try FileSystem.removeTree(host) } else { unlink(host) }
            removeCopiedUpParents(of: path)
        }
        try FileSystem.removeTree(directory + "/work")
        try FileSystem.removeTree(merged)
        if FileSystem.exists(directory + "/empty") { try FileSystem.removeTree(directory + "/empty") }
        let blobPath = staging.newPath("blob")
        let writer = try LayerTarWriter(path: blobPath)
        try writer.addTree(upper)
        let diffID = try writer.finish()
        return StagedLayer(directory: directory, blobPath: blobPath,
                           unpacked: UnpackedLayer(diffID: diffID, tarSize: writer.total, contentSize: writer.contentSize), parent: parent)
    }
}
