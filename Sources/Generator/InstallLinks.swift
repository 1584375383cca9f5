import UnitParser

/// `[Install]` of a generated service, turned into the symlinks
/// `systemctl enable` would make (generated units cannot be enabled).
struct InstallLinks {
    let service: UnitFile

    /// Link paths relative to the output directory.
    var links: [String] {
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

    /// Makes the links under `directory`; `madeDirectories` remembers
    /// which `*.wants/` directories exist already across services.
    func create(in directory: String, madeDirectories: inout Set<String>, report: (String) -> Void, debug: ((String) -> Void)?) {
        for link in links {
            // The link's directory is below the output directory, which holds the service.
            let components = Paths.directory(of: link).split(separator: "/").filter { $0 != "." }
            if Paths.isAbsolute(link) || components.contains("..") {
                report("Can't create symlink \(link): it must stay inside the generator's output directory")
                continue
            }
            let depth = components.count
            let target = String(repeating: "../", count: depth) + service.filename
            let path = directory + "/" + link
            do {
                let parent = Paths.directory(of: path)
                if madeDirectories.insert(parent).inserted {
                    try FileSystem.makeDirectories(parent)
                }
                debug?("Creating symlink \(path) -> \(target)")
                try FileSystem.symlink(target, at: path)
            } catch {
                report("Can't create symlink \(path): \(error)")
            }
        }
    }
}
