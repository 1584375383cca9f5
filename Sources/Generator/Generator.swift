import UnitParser

/// One run of the generator: find the Quadlet units, convert each, write
/// the services and their `[Install]` symlinks. A unit that fails is
/// reported and skipped; the others are still written.
public struct Generator {
    public var options: GeneratorOptions
    public var searchPaths: SearchPaths
    public var context: ConversionContext
    /// Written at the top of every service.
    public var programName: String
    /// The process ends right after `run()` (the command-line program):
    /// the parsed units are not freed one by one, which would only delay that.
    public var exitsAfterRun = false

    public init(options: GeneratorOptions, searchPaths: SearchPaths, context: ConversionContext, programName: String) {
        self.options = options
        self.searchPaths = searchPaths
        self.context = context
        self.programName = programName
    }

    /// The services generated for one run, in output order.
    public struct Output: Sendable {
        public var services: [Service] = []
        public var failed = false
    }

    public struct Service: Sendable {
        /// File name, `web.service`.
        public var name: String
        public var unit: UnitFile
        /// The file's contents.
        public var bytes: [UInt8]
        /// `[Install]` symlinks to make beside it.
        var links: [InstallLinks.Link] = []
        /// Why the file could not be written, when `generate` wrote it.
        var writeFailure: String?
        /// For each link, why it could not be made, when `generate` made them.
        var linkFailures: [String?] = []
    }

    /// Starts the threads parallel passes use, early: they are ready by
    /// the time the search path is walked.
    public static func prepareWorkers() {
        Parallel.prepare()
    }

    /// Runs the generator and returns the process exit status (0, or 1
    /// when any unit could not be read, converted or written).
    public func run() -> Int32 {
        let log = GeneratorLog(useKmsg: !options.noKmsg && !options.dryRun, verbose: options.verbose || options.dryRun)
        let debug: ((String) -> Void)? = log.isVerbose ? { log.debug($0) } : nil
        if options.dryRun {
            let output = generate(report: log.info, debug: debug)
            var text: [UInt8] = []
            for service in output.services {
                text += Array("---\(service.name)---\n".utf8) + service.bytes + [0x0A]
            }
            FileSystem.writeStandardOutput(String(decoding: text, as: UTF8.self))
            return output.failed ? 1 : 0
        }
        guard let path = options.outputDirectory else { return 1 }
        let directory: OpenDirectory
        do {
            try FileSystem.makeDirectories(path)
            directory = try OpenDirectory(path)
        } catch {
            log.info("\(error)")
            return 1
        }
        defer { directory.close() }
        // Each service is written by the thread that converted it, so file
        // creation in the kernel overlaps with conversion on the other core.
        var output = generate(report: log.info, debug: debug, writingTo: directory)
        var links: [(link: InstallLinks.Link, failure: String?)] = []
        for service in output.services {
            log.debug("writing \(path)/\(service.name)")
            if let failure = service.writeFailure {
                log.info(failure)
                output.failed = true
                continue
            }
            links += zip(service.links, service.linkFailures).map { ($0, $1) }
        }
        InstallLinks.settle(links, in: directory, report: log.info, debug: debug)
        return output.failed ? 1 : 0
    }

    /// Loads and converts every unit without writing anything. Problems go
    /// to `report` in a fixed order; all but warnings set `Output.failed`.
    public func generate(report: (String) -> Void, debug: ((String) -> Void)? = nil) -> Output {
        generate(report: report, debug: debug, writingTo: nil)
    }

    /// The same, also writing each service into `directory` (and making its
    /// links) on the thread that converted it; a failed write is recorded in
    /// the service for `run()` to report.
    func generate(report: (String) -> Void, debug: ((String) -> Void)?, writingTo directory: OpenDirectory?) -> Output {
        var output = Output()
        let loader = UnitLoader(searchPaths: searchPaths)
        let loaded = loader.loadUnits(debug: debug)
        for problem in loaded.problems {
            report(problem)
            output.failed = true
        }
        if loaded.units.isEmpty {
            debug?("No files parsed from \(searchPaths.directories)")
            return output
        }
        for (problems, notes) in loaded.dropIns {
            notes.forEach { debug?($0) }
            for problem in problems {
                report(problem)
                output.failed = true
            }
        }
        // Stable: units of the same order keep their search-path order.
        let units = loaded.units.enumerated().sorted {
            ($0.element.info.kind.conversionOrder, $0.offset) < ($1.element.info.kind.conversionOrder, $1.offset)
        }.map(\.element)
        let registry = UnitRegistry(units: units)
        let context = self.context
        let header = ["", "Automatically generated by \(programName)", ""]

        let results = Parallel.map(units) { (unit, info) -> (service: Service?, messages: [String]) in
            let kind = info.kind
            var messages: [String] = []
            if kind == .container || kind == .volume || kind == .image, let warning = Self.ambiguousImageWarning(unit, kind: kind) {
                messages.append(warning)
            }
            do {
                var conversion = try Conversion(source: unit, kind: kind, context: context, units: registry)
                try conversion.convert()
                messages += conversion.warnings.map { "converting \"\(unit.filename)\": \($0)" }
                conversion.service.prependComments(header)
                let links = InstallLinks(service: conversion.service).plan { messages.append($0) }
                var service = Service(name: conversion.service.filename, unit: conversion.service,
                                      bytes: conversion.service.bytes, links: links)
                if let directory {
                    do {
                        try directory.writeFile(service.name, service.bytes)
                        service.linkFailures = links.map { InstallLinks.make($0, in: directory) }
                    } catch {
                        service.writeFailure = "\(error)"
                    }
                    // Written: let this thread free the text, not the main one
                    // (it would fetch every object from the other core's cache).
                    service.unit = UnitFile()
                    service.bytes = []
                }
                return (service, messages)
            } catch {
                return (nil, messages + ["converting \"\(unit.filename)\": \(error)"])
            }
        }
        for result in results {
            result.messages.forEach(report)
            if let service = result.service {
                output.services.append(service)
            } else {
                output.failed = true
            }
        }
        if exitsAfterRun && directory != nil {
            _ = Unmanaged.passRetained(KeptUntilExit((loaded, registry)))
        }
        return output
    }

    private final class KeptUntilExit {
        let value: Any
        init(_ value: Any) { self.value = value }
    }

    static func ambiguousImageWarning(_ unit: UnitFile, kind: UnitKind) -> String? {
        guard let image = unit.lookup("Image", in: kind.groupName), !image.isEmpty,
              !image.hasSuffix(".image"), !image.hasSuffix(".build"), !ImageName.isFullyQualified(image)
        else { return nil }
        return "Warning: \(unit.filename) specifies the image \"\(image)\" which not a fully qualified image name. This is not ideal for performance and security reasons. See the podman-pull manpage discussion of short-name-aliases.conf for details."
    }
}

extension Conversion {
    mutating func convert() throws(ConversionError) {
        switch kind {
        case .container: try convertContainer()
        case .volume: try convertVolume()
        case .network: try convertNetwork()
        case .pod: try convertPod()
        case .kube: try convertKube()
        case .image: try convertImage()
        case .build: try convertBuild()
        case .artifact: try convertArtifact()
        }
    }
}
