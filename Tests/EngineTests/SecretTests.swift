import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import Engine
@testable import BerthCLI
@testable import GoTemplate

@Suite("Secrets: berth secret create/ls/inspect/rm/exists",
       .enabled(if: EngineTestSupport.hasBerth, "needs the built berth binary"))
struct SecretCommandTests {
    init() { signal(SIGPIPE, SIG_IGN) }

    func json(_ text: String) throws -> [[String: Any]] {
        try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
    }

    @Test("create from a file, stdin and --env; ls, inspect (value only with --showsecret), exists, rm")
    func lifecycle() throws {
        let store = TestStore("sec")
        let file = store.dir + "/pw"
        try Data("hunter2".utf8).write(to: URL(fileURLWithPath: file))
        let created = try store.berth("secret", "create", "--label", "app=db", "dbpass", file)
        #expect(created.status == 0, "\(created.stderr)")
        let id = created.stdout.trimmingCharacters(in: .newlines)
        #expect(id.count == 25 && id.allSatisfy(\.isHexDigit), "Podman's 25-digit ID: \(id)")
        #expect(try store.berth(["secret", "create", "token", "-"], stdin: Data("from-stdin".utf8)).status == 0)
        let env = try EngineTestSupport.run("/usr/bin/env", ["API_KEY=from-env", EngineTestSupport.berth!] + store.globalArguments
                                              + ["secret", "create", "--env", "apikey", "API_KEY"])
        #expect(env.status == 0, "\(env.stderr)")

        let table = try store.berth("secret", "ls").stdout.split(separator: "\n").map(String.init)
        #expect(table.first?.split(separator: " ", omittingEmptySubsequences: true) == ["ID", "NAME", "DRIVER", "CREATED", "UPDATED"])
        #expect(table.count == 4)
        #expect(table[1].hasPrefix(id + "  dbpass  "), "\(table)")
        #expect(try store.berth("secret", "ls", "--format", "{{.Name}} {{.Driver}}").stdout == "dbpass file\ntoken file\napikey file\n")
        #expect(try store.berth("secret", "ls", "-q", "--filter", "name=pass").stdout == id + "\n")
        #expect(try store.berth("secret", "ls", "--noheading", "--filter", "label=app=db", "--format", "{{.Name}}").stdout == "dbpass\n")
        #expect(try store.berth("secret", "ls", "--filter", "bogus=1").stderr.contains("invalid filter \"bogus\""))

        let inspect = try store.berth("secret", "inspect", "dbpass")
        #expect(!inspect.stdout.contains("hunter2"), "inspect shows no value without --showsecret")
        let report = try json(inspect.stdout)[0]
        #expect(report["ID"] as? String == id)
        let spec = try #require(report["Spec"] as? [String: Any])
        #expect(spec["Name"] as? String == "dbpass")
        #expect(spec["Labels"] as? [String: String] == ["app": "db"])
        #expect((spec["Driver"] as? [String: Any])?["Name"] as? String == "file")
        #expect(report["SecretData"] == nil)
        #expect(try json(store.berth("secret", "inspect", "--showsecret", "dbpass").stdout)[0]["SecretData"] as? String == "hunter2")
        #expect(try store.berth("secret", "inspect", "--showsecret", "--format", "{{.SecretData}}", "token").stdout == "from-stdin\n")
        #expect(try store.berth("secret", "inspect", "--showsecret", "--format", "{{.SecretData}}", "apikey").stdout == "from-env\n")
        let pretty = try store.berth("secret", "inspect", "--pretty", String(id.prefix(8))).stdout
        #expect(pretty.contains("Name:              dbpass\n") && pretty.contains(" - app=db\n"), "\(pretty)")

        #expect(try store.berth("secret", "exists", "dbpass").status == 0)
        #expect(try store.berth("secret", "exists", id).status == 0)
        #expect(try store.berth("secret", "exists", "nope").status == 1)

        // Only the store's owner can read the data: directory 0700, files 0600, and no value in the database.
        let directory = store.root + "/secrets/filedriver"
        var st = stat()
        #expect(lstat(directory, &st) == 0 && st.st_mode & 0o777 == 0o700)
        #expect(lstat(directory + "/" + id, &st) == 0 && st.st_mode & 0o777 == 0o600)
        let database = try Data(contentsOf: URL(fileURLWithPath: store.root + "/berth.db"))
        #expect(database.range(of: Data("hunter2".utf8)) == nil)

        #expect(try store.berth("secret", "rm", "dbpass").stdout == id + "\n")
        #expect(!FileSystem.exists(directory + "/" + id), "the data file is gone with the secret")
        let missing = try store.berth("secret", "rm", "dbpass")
        #expect(missing.status == 125)
        #expect(missing.stderr.contains("no secret with name or id \"dbpass\": no such secret"))
        #expect(try store.berth("secret", "rm", "--ignore", "dbpass").status == 0)
        #expect(try store.berth("secret", "rm", "--all").stdout.split(separator: "\n").count == 2)
        #expect(FileSystem.list(directory).isEmpty)
    }

    @Test("--replace keeps the ID and changes the data; without it the name is refused")
    func replace() throws {
        let store = TestStore("secrepl")
        let id = try store.berth(["secret", "create", "s", "-"], stdin: Data("one".utf8)).stdout
        let dup = try store.berth(["secret", "create", "s", "-"], stdin: Data("two".utf8))
        #expect(dup.status == 125)
        #expect(dup.stderr.contains("s: secret name in use"))
        let replaced = try store.berth(["secret", "create", "--replace", "s", "-"], stdin: Data("two".utf8))
        #expect(replaced.stdout == id)
        #expect(try store.berth("secret", "inspect", "--showsecret", "--format", "{{.SecretData}}", "s").stdout == "two\n")
        #expect(FileSystem.list(store.root + "/secrets/filedriver").count == 1, "no staged or old file left")
    }

    @Test("data a create killed before its commit (or an rm after it) left is deleted by the next create; another create's staged file is not")
    func sweepsUnrecordedData() throws {
        let store = TestStore("secsweep")
        #expect(try store.berth(["secret", "create", "first", "-"], stdin: Data("1".utf8)).status == 0)
        let directory = store.root + "/secrets/filedriver"
        let orphan = directory + "/" + String(repeating: "a", count: 25)
        let staged = directory + "/.tmp-" + String(repeating: "b", count: 25)
        for path in [orphan, staged] { try Data("left".utf8).write(to: URL(fileURLWithPath: path)) }
        #expect(try store.berth(["secret", "create", "second", "-"], stdin: Data("2".utf8)).status == 0)
        #expect(!FileSystem.exists(orphan), "no record names it")
        #expect(FileSystem.exists(staged), "a recent staged file may be a concurrent create's")
        #expect(try store.berth("secret", "inspect", "--showsecret", "--format", "{{.SecretData}}", "first").stdout == "1\n")
    }

    @Test("a lost database: the store is refused, not taken for new; system repair --rebuild records the secrets again from their copy")
    func rebuildAfterLostDatabase() throws {
        let store = TestStore("secrebuild")
        let id = try store.berth(["secret", "create", "--label", "k=v", "kept", "-"], stdin: Data("data1".utf8)).stdout.trimmingCharacters(in: .newlines)
        #expect(try store.berth(["secret", "create", "also", "-"], stdin: Data("data2".utf8)).status == 0)
        #expect(truncate(store.root + "/berth.db", 0) == 0)
        let refused = try store.berth("secret", "ls")
        #expect(refused.status == 125 && refused.stderr.contains("2 secrets") && refused.stderr.contains("system repair --rebuild"), "\(refused.stderr)")
        let rebuilt = try store.berth("system", "repair", "--rebuild")
        #expect(rebuilt.status == 0, "\(rebuilt.stderr)")
        #expect(rebuilt.stdout.contains("rebuilt 2 secrets\n"), "\(rebuilt.stdout)")
        #expect(try store.berth("secret", "inspect", "--showsecret", "--format", "{{.ID}} {{.Spec.Labels.k}} {{.SecretData}}", "kept").stdout == "\(id) v data1\n")
        #expect(try store.berth("secret", "ls", "--format", "{{.Name}}").stdout == "kept\nalso\n")
    }

    @Test("a record whose labels and options cannot be read is listed with the problem and removable, data included")
    func unreadableRecord() throws {
        let store = TestStore("secbadrec")
        let id = try store.berth(["secret", "create", "broken", "-"], stdin: Data("v".utf8)).stdout.trimmingCharacters(in: .newlines)
        #expect(try store.berth(["secret", "create", "fine", "-"], stdin: Data("v".utf8)).status == 0)
        try store.open().database.write { db in
            try db.execute(sql: "UPDATE secret SET labels = ?, driverOptions = ? WHERE name = 'broken'", arguments: [Data("{".utf8), Data("[".utf8)])
        }
        let listed = try store.berth("secret", "ls", "--format", "{{.Name}}")
        #expect(listed.stdout == "broken\nfine\n")
        #expect(listed.stderr.contains("secret broken: unreadable"), "\(listed.stderr)")
        #expect(try store.berth("secret", "rm", "broken").stdout == id + "\n")
        #expect(!FileSystem.exists(store.root + "/secrets/filedriver/" + id), "its data went with it")
        #expect(try store.berth("secret", "ls", "--format", "{{.Name}}").stdout == "fine\n")
    }

    @Test("names Podman refuses are refused and nothing is created",
          arguments: ["a/b", "..", "../x", "a\nb", ".hidden", "trailing-", String(repeating: "x", count: 65)])
    func badNames(_ name: String) throws {
        let store = TestStore("secbad")
        let r = try store.berth(["secret", "create", "--", name, "-"], stdin: Data("v".utf8))
        #expect(r.status == 125)
        #expect(r.stderr.contains("invalid secret name"), "\(r.stderr)")
        #expect(try store.berth("secret", "ls", "-q").stdout == "")
        #expect(FileSystem.list(store.root + "/secrets/filedriver").isEmpty)
    }

    @Test("a 600 KB secret, an empty one, a missing file and an unknown driver are refused, nothing created")
    func badData() throws {
        let store = TestStore("secsize")
        let big = store.dir + "/big"
        try Data(count: 600 * 1024).write(to: URL(fileURLWithPath: big))
        let r = try store.berth("secret", "create", "big", big)
        #expect(r.status == 125)
        #expect(r.stderr.contains("secret data must be larger than 0 and less than 512000 bytes"))
        #expect(try store.berth(["secret", "create", "limit", "-"], stdin: Data(count: 512_000)).status == 125)
        #expect(try store.berth(["secret", "create", "under", "-"], stdin: Data(count: 511_999)).status == 0)
        #expect(try store.berth(["secret", "create", "empty", "-"], stdin: Data()).status == 125)
        #expect(try store.berth("secret", "create", "nofile", store.dir + "/missing").status == 125)
        #expect(try store.berth("secret", "create", "-d", "pass", "p", big).stderr.contains("invalid driver"))
        // A shared directory named by --driver-opts path= is refused, never chmodded.
        let shared = store.dir + "/shared"
        try FileSystem.makeDirectories(shared, mode: 0o755)
        chmod(shared, 0o1777)
        let sharedPath = try store.berth(["secret", "create", "--driver-opts", "path=" + shared, "p", "-"], stdin: Data("v".utf8))
        #expect(sharedPath.status == 125 && sharedPath.stderr.contains("can be entered by other users"), "\(sharedPath.stderr)")
        var st = stat()
        #expect(lstat(shared, &st) == 0 && st.st_mode & 0o7777 == 0o1777)
        let own = store.dir + "/own"
        #expect(try store.berth(["secret", "create", "--driver-opts", "path=" + own, "elsewhere", "-"], stdin: Data("v".utf8)).status == 0)
        #expect(FileSystem.list(own).count == 1)
        #expect(try store.berth("secret", "rm", "elsewhere").status == 0)
        #expect(FileSystem.list(own).isEmpty)
        #expect(try store.berth("secret", "create", "--env", "e", "BERTH_TEST_UNSET_VARIABLE").stderr
            .contains("environment variable BERTH_TEST_UNSET_VARIABLE is not set"))
        #expect(try store.berth("secret", "ls", "--format", "{{.Name}}").stdout == "under\n")
        #expect(FileSystem.list(store.root + "/secrets/filedriver").count == 1)
    }

    @Test("--secret values Podman refuses", arguments: [
        ("s,type=bogus", "type bogus is invalid"), ("s,foo=1", "option foo=1 invalid"), ("s,mode=999", "mode 999 invalid"),
        ("s,type=env,uid=3", "UID, GID, Mode options cannot be set with secret type env"),
        ("s,target=../../etc/x", "without \"..\""), ("systemd-credential:a/b", "invalid systemd credential name"),
    ])
    func badSecretOptions(_ value: String, _ message: String) throws {
        #expect(throws: EngineError.self) { try ContainerSecret.parse(value) }
        do { _ = try ContainerSecret.parse(value) } catch let error as EngineError { #expect(error.message.contains(message), "\(error.message)") }
    }

    @Test("--secret defaults: a file /run/secrets/NAME of mode 0444; relative targets under /run/secrets; env named after the secret")
    func secretDefaults() throws {
        let plain = try ContainerSecret.parse("db")
        #expect(plain.kind == .mount && plain.target == "/run/secrets/db" && plain.mode == 0o444 && plain.source == .store)
        #expect(try ContainerSecret.parse("db,target=conf/pw").target == "/run/secrets/conf/pw")
        let env = try ContainerSecret.parse("systemd-credential:dbpass,type=env,target=DB_PASS")
        #expect(env.kind == .env && env.target == "DB_PASS" && env.name == "dbpass" && env.source == .systemdCredential)
        #expect(try ContainerSecret.parse("db,type=env").target == "db")
    }
}

@Suite("Secrets: --secret in containers", .enabled(if: ContainerTestSupport.canRunContainers, ContainerTestSupport.reason))
struct SecretContainerTests {
    init() { signal(SIGPIPE, SIG_IGN) }

    @Test("mount and env secrets are visible inside, absent from inspect, config and the layer, and gone after the run")
    func mountAndEnv() throws {
        let store = try ContainerTestSupport.store("sec-ct")
        #expect(try store.berth(["secret", "create", "dbpass", "-"], stdin: Data("hunter2".utf8)).status == 0)
        #expect(try store.berth(["secret", "create", "token", "-"], stdin: Data("t0k3n".utf8)).status == 0)
        let created = try store.berth("create", "--name", "app", "--network", "none",
                                      "--secret", "dbpass", "--secret", "dbpass,target=/etc/app/pw,mode=0400,uid=7,gid=8",
                                      "--secret", "token,type=env,target=API_TOKEN", "localhost/busybox", "sh", "-c",
                                      "cat /run/secrets/dbpass; echo; stat -c '%a %u %g' /run/secrets/dbpass /etc/app/pw; cat /etc/app/pw; echo; echo $API_TOKEN; echo x > /run/secrets/dbpass || echo read-only")
        #expect(created.status == 0, "\(created.stderr)")
        let inspect = try store.berth("inspect", "app").stdout
        #expect(!inspect.contains("hunter2") && !inspect.contains("t0k3n"), "inspect shows no secret value")
        #expect(inspect.contains("token,type=env,target=API_TOKEN"), "the create command names the secret, as Podman's does")

        let run = try store.berth("start", "-a", "app")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("hunter2\n444 0 0\n400 7 8\nhunter2\nt0k3n\n"), "\(run.stdout)")
        #expect(run.stdout.hasSuffix("read-only\n"), "\(run.stdout)")
        // The monitor's cleanup deletes them after the exit `start -a` reports: wait for it a little.
        let secretsDir = store.runRoot + "/containers/" + (try store.berth("inspect", "--format", "{{.Id}}", "app").stdout.trimmingCharacters(in: .newlines)) + "/secrets"
        for _ in 0..<50 where FileSystem.exists(secretsDir) { usleep(100_000) }
        #expect(!FileSystem.exists(secretsDir), "the files are deleted when the container exits")
        #expect(!(try store.berth("inspect", "app").stdout.contains("t0k3n")))
        let export = try store.berth("export", "app")
        #expect(!export.stdout.contains("hunter2"), "the value is not in the container's layer")
    }

    @Test("in a user namespace the files belong to the mapped ids the options name, and the host's other users cannot read them")
    func userNamespace() throws {
        let store = try ContainerTestSupport.store("sec-userns")
        chmod(store.dir, 0o711)
        #expect(try store.berth(["secret", "create", "pw", "-"], stdin: Data("pw".utf8)).status == 0)
        let run = try store.berth("run", "-d", "--name", "u", "--network", "none", "--uidmap", "0:100000:65536",
                                  "--secret", "pw", "--secret", "pw,target=/etc/x,uid=5,mode=0400", "localhost/busybox", "sh", "-c",
                                  "cat /run/secrets/pw; echo; stat -c '%u %g %a' /run/secrets/pw /etc/x; sleep 1000")
        #expect(run.status == 0, "\(run.stderr)")
        let id = run.stdout.trimmingCharacters(in: .newlines)
        #expect(try ContainerTestSupport.eventually { try store.berth("logs", "u").stdout.split(separator: "\n").count >= 3 })
        #expect(try store.berth("logs", "u").stdout == "pw\n0 0 444\n5 0 400\n")
        // On the host: a directory of mode 0700 owned by the namespace's root, the files by the mapped ids.
        var st = stat()
        let directory = store.runRoot + "/containers/" + id + "/secrets"
        #expect(lstat(directory, &st) == 0 && st.st_mode & 0o777 == 0o700 && st.st_uid == 100000)
        let files = FileSystem.list(directory).sorted()
        #expect(files.count == 2)
        #expect(lstat(directory + "/" + files[1], &st) == 0 && st.st_uid == 100005 && st.st_mode & 0o777 == 0o400, "\(files)")
        _ = try store.berth("rm", "-f", "-t", "0", "u")
    }

    @Test("a removed secret makes the next start fail clearly; an unknown one is refused at create")
    func missingSecret() throws {
        let store = try ContainerTestSupport.store("sec-gone")
        let unknown = try store.berth("create", "--secret", "nope", "localhost/busybox", "true")
        #expect(unknown.status == 125)
        #expect(unknown.stderr.contains("no secret with name or id \"nope\": no such secret"))
        #expect(try store.berth("ps", "-a", "-q").stdout == "", "nothing created")
        #expect(try store.berth(["secret", "create", "s", "-"], stdin: Data("v".utf8)).status == 0)
        #expect(try store.berth("create", "--name", "c", "--network", "none", "--secret", "s", "localhost/busybox", "true").status == 0)
        #expect(try store.berth("secret", "rm", "s").status == 0)
        let start = try store.berth("start", "c")
        #expect(start.status == 125)
        #expect(start.stderr.contains("secret s of container c: no secret with name or id"), "\(start.stderr)")
    }

    @Test("systemd-credential: read from $CREDENTIALS_DIRECTORY at start, never stored; a clear error without it")
    func systemdCredential() throws {
        let store = try ContainerTestSupport.store("sec-cred")
        let credentials = store.dir + "/creds"
        try FileSystem.makeDirectories(credentials)
        try Data("s3cret".utf8).write(to: URL(fileURLWithPath: credentials + "/dbpass"))
        let args = store.globalArguments + ["run", "--rm", "--network", "none",
                                            "--secret", "systemd-credential:dbpass,type=env,target=DB_PASS",
                                            "--secret", "systemd-credential:dbpass", "localhost/busybox", "sh", "-c",
                                            "echo $DB_PASS; cat /run/secrets/dbpass"]
        let run = try EngineTestSupport.run("/usr/bin/env", ["CREDENTIALS_DIRECTORY=" + credentials, EngineTestSupport.berth!] + args)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == "s3cret\ns3cret", "the env var, then the file (no newline of its own)")
        #expect(try store.berth("secret", "ls", "-q").stdout == "", "a credential is not stored as a secret")
        let without = try EngineTestSupport.run("/usr/bin/env", ["-u", "CREDENTIALS_DIRECTORY", EngineTestSupport.berth!] + args)
        #expect(without.status == 125)
        #expect(without.stderr.contains("$CREDENTIALS_DIRECTORY is not set"), "\(without.stderr)")
    }
}

@Suite("Secrets: kill -9 of secret create/rm and of a start with secrets",
       .enabled(if: ContainerTestSupport.canRunContainers, ContainerTestSupport.reason))
struct SecretCrashTests {
    init() { signal(SIGPIPE, SIG_IGN) }

    @Test("after a kill at any point: every listed secret reads back whole, no data is left without a record, and no secret file outlives its container")
    func killedAnywhere() throws {
        let store = try ContainerTestSupport.store("sec-crash")
        let source = store.dir + "/value"
        try Data("v4lue".utf8).write(to: URL(fileURLWithPath: source))
        var rng = CrashTests.SeededGenerator(state: 17)
        for trial in 0..<12 {
            let delay = UInt32.random(in: 0...40_000, using: &rng)
            try CrashTests.killed(store, ["secret", "create", "s\(trial)", source], after: delay)
            if trial % 3 == 2 { try CrashTests.killed(store, ["secret", "rm", "s\(trial - 1)"], after: delay) }
        }
        #expect(try store.berth("secret", "create", "s-last", source).status == 0)
        let listed = try store.berth("secret", "ls", "--format", "{{.ID}} {{.Name}}").stdout.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        for row in listed {
            #expect(try store.berth("secret", "inspect", "--showsecret", "--format", "{{.SecretData}}", row[1]).stdout == "v4lue\n", "\(row[1]) reads back whole")
        }
        let onDisk = Set(FileSystem.list(store.root + "/secrets/filedriver").filter { !$0.hasPrefix(".tmp-") })
        #expect(onDisk == Set(listed.map { $0[0] }), "data files are exactly the recorded secrets'")

        for trial in 0..<4 {
            // The last run is let finish, so there is always a container whose start took the secret.
            try CrashTests.killed(store, ["run", "-d", "--network", "none", "--secret", "s-last", "localhost/busybox", "sleep", "1000"],
                                  after: UInt32.random(in: 30_000...1_500_000, using: &rng), also: trial == 3 ? {} : nil)
        }
        // Stopped (or never started) containers hold no secret files, whatever point their start was killed at.
        let ids = try store.berth("ps", "-a", "-q", "--no-trunc").stdout.split(separator: "\n").map(String.init)
        #expect(!ids.isEmpty)
        for id in ids { _ = try store.berth("stop", "-t", "0", id) }
        let leftovers = { FileSystem.list(store.runRoot + "/containers").filter { FileSystem.exists(store.runRoot + "/containers/" + $0 + "/secrets") } }
        #expect(ContainerTestSupport.eventually(10) { leftovers().isEmpty }, "secret files left in \(leftovers())")
    }
}
