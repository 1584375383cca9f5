import CArchive
import Foundation
@testable import Engine
@testable import BerthCLI
@testable import GoTemplate

/// Builds small tar archives entry by entry, hostile ones included.
struct TestTar {
    enum Entry {
        case file(String, String, mode: Int32 = 0o644)
        /// A file with an owner and one extended attribute.
        case ownedFile(String, String, uid: Int64, gid: Int64, xattr: (String, String))
        case dir(String)
        case symlink(String, String)
        case hardlink(String, String)
    }

    enum Compression { case none, gzip, zstd }

    static func write(_ entries: [Entry], to path: String, compression: Compression = .none) throws {
        let a = archive_write_new()!
        defer { archive_write_free(a) }
        archive_write_set_format_pax_restricted(a)
        switch compression {
        case .none: break
        case .gzip: archive_write_add_filter_gzip(a)
        case .zstd: archive_write_add_filter_zstd(a)
        }
        guard archive_write_open_filename(a, path) == ARCHIVE_OK else { throw EngineError(.system, "cannot write \(path)") }
        for item in entries {
            let e = archive_entry_new()!
            defer { archive_entry_free(e) }
            archive_entry_set_mtime(e, 1_700_000_000, 0)
            var data = Data()
            switch item {
            case .file(let name, let content, let mode):
                archive_entry_set_pathname(e, name)
                archive_entry_set_filetype(e, 0o100000)
                archive_entry_set_perm(e, mode_t(mode))
                data = Data(content.utf8)
                archive_entry_set_size(e, Int64(data.count))
            case .ownedFile(let name, let content, let uid, let gid, let xattr):
                archive_entry_set_pathname(e, name)
                archive_entry_set_filetype(e, 0o100000)
                archive_entry_set_perm(e, 0o4755)
                archive_entry_set_uid(e, uid)
                archive_entry_set_gid(e, gid)
                archive_entry_xattr_add_entry(e, xattr.0, xattr.1, xattr.1.utf8.count)
                data = Data(content.utf8)
                archive_entry_set_size(e, Int64(data.count))
            case .dir(let name):
                archive_entry_set_pathname(e, name)
                archive_entry_set_filetype(e, 0o040000)
                archive_entry_set_perm(e, 0o755)
            case .symlink(let name, let target):
                archive_entry_set_pathname(e, name)
                archive_entry_set_filetype(e, 0o120000)
                archive_entry_set_symlink(e, target)
                archive_entry_set_perm(e, 0o777)
            case .hardlink(let name, let target):
                archive_entry_set_pathname(e, name)
                archive_entry_set_filetype(e, 0o100000)
                archive_entry_set_hardlink(e, target)
                archive_entry_set_size(e, 0)
            }
            archive_write_header(a, e)
            if !data.isEmpty { _ = data.withUnsafeBytes { archive_write_data(a, $0.baseAddress, $0.count) } }
        }
        archive_write_close(a)
    }
}
