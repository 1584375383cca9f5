import UnitParser

/// `[Install]` of a generated service, turned into the symlinks
/// `systemctl enable` would make (generated units cannot be enabled).
struct InstallLinks {
    let service: UnitFile

    /// One link to make: `path` relative to the output directory, pointing at `target`.
    struct Link: Sendable, Equatable {
        var path: String
        var target: String
    }

    /// Link paths relative to the output directory.
    var linkPaths: [String] {
        var links = service.lookupAllStrv("Alias", in: "Install").map(Paths.clean)
        var target = service.filename
        let (base, instance, isTemplate) = service.templateParts
        if isTemplate && instance.isEmpty {
            // A bare template installs only through DefaultInstance=.
            if let defaultInstance = service.lookup("DefaultInstance", in: "Install") {
                target = base + "@" + defaultInstance + UnitFile.fileExtension(of: service.filename)
            } else {
                target = ""
            }
        }
        if !target.isEmpty {
            for (key, suffix) in [("WantedBy", ".wants"), ("RequiredBy", ".requires"), ("UpheldBy", ".upholds")] {
                for unit in service.lookupAllStrv(key, in: "Install") where !unit.contains("/") {
                    links.append(unit + suffix + "/" + target)
                }
            }
        }
        return links
    }

    /// The links with their relative targets; links that would leave the
    /// output directory are reported and left out.
    func plan(report: (String) -> Void) -> [Link] {
        var result: [Link] = []
        for link in linkPaths {
            // The link's directory is below the output directory, which holds the service.
            let components = Paths.directory(of: link).split(byte: UInt8(ascii: "/"), omittingEmpty: true).filter { $0 != "." }
            if Paths.isAbsolute(link) || components.contains("..") {
                report("Can't create symlink \(link): it must stay inside the generator's output directory")
                continue
            }
            result.append(Link(path: link, target: String(repeating: "../", count: components.count) + service.filename))
        }
        return result
    }

    /// Makes every link under `directory`. When two services ask for the
    /// same link the later one wins, as if they were made one by one.
    static func create(_ links: [Link], in directory: OpenDirectory, report: (String) -> Void, debug: ((String) -> Void)?) {
        var chosen: [String: Int] = [:]
        for (index, link) in links.enumerated() { chosen[link.path] = index }
        let unique = links.enumerated().filter { chosen[$0.element.path] == $0.offset }.map(\.element)
        var parents = Set<String>()
        for link in unique where parents.insert(Paths.directory(of: link.path)).inserted {
            do {
                try FileSystem.makeDirectories(directory.path + "/" + Paths.directory(of: link.path))
            } catch {
                report("Can't create directory for \(link.path): \(error)")
            }
        }
        let failures = Parallel.map(unique) { link -> String? in
            do {
                try directory.symlink(link.target, at: link.path)
                return nil
            } catch {
                return "Can't create symlink \(directory.path)/\(link.path): \(error)"
            }
        }
        for (link, failure) in zip(unique, failures) {
            debug?("Creating symlink \(directory.path)/\(link.path) -> \(link.target)")
            if let failure { report(failure) }
        }
    }
}
