import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import Engine

/// Kubernetes YAML read into typed objects: the objects and kinds berth
/// plays, a wrong field refused with its path, fields berth does not
/// read kept as warnings.
@Suite("Engine: kube YAML models")
struct KubeYAMLTests {
    @Test("a multi-document file: a List's items, the kinds, and a warning for each field berth reads past (none for null, {} or [])")
    func documents() throws {
        let yaml = try KubeYAML(text: """
        apiVersion: v1
        kind: List
        items:
        - apiVersion: v1
          kind: ConfigMap
          metadata: {name: cfg}
          data: {color: blue}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: app, namespace: default, creationTimestamp: null}
        status: {}
        spec:
          replicas: 1
          selector: {matchLabels: {app: app}}
          template:
            metadata: {labels: {app: app}}
            spec:
              containers:
              - name: main
                image: localhost/busybox
                command: [sh, -c, 'echo $(A)']
                ports: [{containerPort: 80, hostPort: 8080}]
                lifecycle: {preStop: {exec: {command: [true]}}}
              initContainers:
              - {name: setup, image: localhost/busybox}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: app}
        spec: {ports: [{port: 80}]}
        """, source: "app.yaml")
        #expect(yaml.objects.count == 2, "a Service is read past")
        guard case .configMap(let map) = yaml.objects[0], case .deployment(let deployment) = yaml.objects[1] else {
            Issue.record("kinds: \(yaml.objects)")
            return
        }
        #expect(map.data == ["color": "blue"])
        #expect(deployment.spec.template.spec.containers[0].ports?[0].hostPort == 8080)
        #expect(yaml.warnings == [
            "app.yaml: document 2 (Deployment \"app\"): spec.template.spec.containers[0].lifecycle: not supported by berth, ignored",
            "app.yaml: document 2 (Deployment \"app\"): spec.template.spec.initContainers: not supported by berth, ignored",
            "app.yaml: document 3 (Service \"app\"): kind Service is not played, ignored",
        ])
    }

    struct BadCase: CustomTestStringConvertible, Sendable {
        let yaml: String
        let message: String
        var testDescription: String { message }
    }

    @Test("invalid documents are refused naming the file, the object and the field", arguments: [
        BadCase(yaml: "kind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: a\n    image: i\n  - name: b\n",
                message: "f.yaml: document 1 (Pod \"p\"): spec.containers[1].image: missing (line 7)"),
        BadCase(yaml: "kind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: a\n    image: i\n    ports:\n    - containerPort: http\n",
                message: "f.yaml: document 1 (Pod \"p\"): spec.containers[0].ports[0].containerPort: expected an integer (line 8)"),
        BadCase(yaml: "kind: CronJob\nmetadata: {name: s}\n",
                message: "f.yaml: document 1 (line 1): kind: \"CronJob\" is not supported"),
        BadCase(yaml: "metadata: {name: s}\n", message: "f.yaml: document 1 (line 1): kind: missing"),
        BadCase(yaml: "kind: Pod\nspec:\n  containers: [\n", message: "f.yaml: unable to read kube YAML: "),
    ])
    func refused(_ bad: BadCase) {
        do {
            _ = try KubeYAML(text: bad.yaml, source: "f.yaml")
            Issue.record("accepted: \(bad.yaml)")
        } catch let error as EngineError {
            #expect(error.message.hasPrefix(bad.message), "\(error.message)")
        } catch {
            Issue.record("\(error)")
        }
    }
}

/// `berth kube play` and `kube down` through the built binary, with the
/// busybox image the tests build.
@Suite("Engine: kube play and kube down",
       .enabled(if: ContainerTestSupport.canRunContainers && FileManager.default.isExecutableFile(atPath: "/usr/bin/catatonit"),
                "needs root, runc, busybox-static, catatonit and the built berth and conmon-swift"))
struct KubePlayTests {
    init() { signal(SIGPIPE, SIG_IGN) }

    private func ok(_ r: EngineTestSupport.Result, _ what: String) -> Bool {
        if r.status != 0 { Issue.record("\(what): exit \(r.status): \(r.stderr)") }
        return r.status == 0
    }

    private func write(_ text: String, _ path: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    private static func isID(_ text: Substring) -> Bool { text.count == 64 && text.allSatisfy(\.isHexDigit) }

    @Test("a Pod with a ConfigMap, a Secret and a claim: Podman's output, env from each, the hostPort answering on loopback, the claim's volume; kube down --force leaves nothing",
          .enabled(if: NetworkTestSupport.canRun, NetworkTestSupport.reason))
    func podPlayAndDown() throws {
        let store = try ContainerTestSupport.store("kube-pod")
        let port = 20_000 + Int(getpid() % 20_000)
        let file = store.dir + "/web.yaml"
        try write("""
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: web-config}
        data: {color: blue}
        ---
        apiVersion: v1
        kind: Secret
        metadata: {name: web-secret}
        stringData: {password: hunter2}
        ---
        apiVersion: v1
        kind: PersistentVolumeClaim
        metadata: {name: web-data}
        spec:
          accessModes: [ReadWriteOnce]
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
          labels: {app: web}
        spec:
          terminationGracePeriodSeconds: 1
          containers:
          - name: srv
            image: localhost/busybox:latest
            command: [sh, -c]
            args: ['echo $(GREETING) $PWD > /data/hello; mkdir -p /www; echo answer > /www/index.html; exec httpd -f -p 8080 -h /www']
            workingDir: /tmp
            env:
            - {name: GREETING, value: hello}
            - name: COLOR
              valueFrom: {configMapKeyRef: {name: web-config, key: color}}
            - name: PASSWORD
              valueFrom: {secretKeyRef: {name: web-secret, key: password}}
            ports:
            - {containerPort: 8080, hostPort: \(port)}
            volumeMounts:
            - {name: data, mountPath: /data}
          volumes:
          - name: data
            persistentVolumeClaim: {claimName: web-data}
        """, file)
        let played = try store.berth("kube", "play", file)
        try #require(ok(played, "kube play"))
        let lines = played.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        try #require(lines.count == 10, "\(played.stdout)")
        #expect(Array(lines[0...1]) == ["Volumes:", "web-data"])
        #expect(lines[2] == "Secrets:" && lines[3].count == 25)
        #expect(lines[4] == "Pod:" && Self.isID(lines[5]))
        #expect(lines[6] == "Container:" && Self.isID(lines[7]))
        #expect(lines[8] == "" && lines[9] == "", "an empty line after each pod")
        #expect(try store.berth("pod", "ps", "--format", "{{.Name}} {{.Id}} {{.Labels}}").out == "web \(lines[5]) map[app:web]")
        #expect(try store.berth("inspect", "--format", "{{.Name}} {{.Id}} {{.Pod}}", "web-srv").out == "web-srv \(lines[7]) \(lines[5])")
        #expect(ContainerTestSupport.eventually(20) { (try? store.berth("exec", "web-srv", "cat", "/data/hello").out) == "hello /tmp" },
                "$(GREETING) expanded in args; the process in workingDir")
        let env = try store.berth("exec", "web-srv", "env").stdout.split(separator: "\n")
        for expected in ["GREETING=hello", "COLOR=blue", "PASSWORD=hunter2"] { #expect(env.contains(Substring(expected)), "\(env)") }
        var answer = ""
        #expect(ContainerTestSupport.eventually(20) {
            answer = (try? EngineTestSupport.run(EngineTestSupport.busybox, ["wget", "-q", "-O", "-", "http://127.0.0.1:\(port)/"]).stdout) ?? ""
            return answer == "answer\n"
        }, "the hostPort on loopback: \(answer.debugDescription)")
        #expect(try store.berth("volume", "ls", "-q").out == "web-data")
        #expect(try store.berth("secret", "ls", "--format", "{{.Name}}").out == "web-secret")

        let again = try store.berth("kube", "play", file)
        #expect(again.status != 0 && again.stderr.contains("already exists"), "a second play without --replace: \(again.stderr)")

        let down = try store.berth("kube", "down", "--force", file)
        try #require(ok(down, "kube down"))
        #expect(down.stdout == "Pods stopped:\n\(lines[5])\nPods removed:\n\(lines[5])\nSecrets removed:\n\(lines[3])\nVolumes removed:\nweb-data\n")
        #expect(try store.berth("ps", "-a", "-q").out == "")
        #expect(try store.berth("pod", "ps", "-q").out == "")
        #expect(try store.berth("volume", "ls", "-q").out == "")
        #expect(try store.berth("secret", "ls", "-q").out == "")
        #expect(ContainerTestSupport.eventually(5) {
            (try? EngineTestSupport.run(EngineTestSupport.busybox, ["nc", "-z", "-w", "1", "127.0.0.1", "\(port)"]).status) != 0
        }, "the port is closed after kube down")
    }

    @Test("a Deployment plays as <name>-pod with --start=false; envFrom a --configmap file, a berth secret (JSON of base64 values), fieldRef; --replace tears down first")
    func deploymentConfigMapFileReplace() throws {
        let store = try ContainerTestSupport.store("kube-deploy")
        let secret = try store.berth(["secret", "create", "app-token", "-"], stdin: Data(#"{"token":"czNjcjN0"}"#.utf8))
        try #require(ok(secret, "secret create"))
        let configFile = store.dir + "/config.yaml"
        try write("kind: ConfigMap\nmetadata: {name: app-env}\ndata:\n  LEVEL: debug\n  MODE: fast\n", configFile)
        let file = store.dir + "/app.yaml"
        try write("""
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: app, namespace: default, creationTimestamp: null}
        status: {}
        spec:
          replicas: 1
          template:
            metadata: {labels: {app: app}}
            spec:
              terminationGracePeriodSeconds: 1
              restartPolicy: Never
              containers:
              - name: main
                image: localhost/busybox:latest
                command: [sleep, '1000']
                envFrom:
                - {configMapRef: {name: app-env}, prefix: APP_}
                env:
                - name: TOKEN
                  valueFrom: {secretKeyRef: {name: app-token, key: token}}
                - name: POD_NAME
                  valueFrom: {fieldRef: {fieldPath: metadata.name}}
                - name: POD_ID
                  valueFrom: {fieldRef: {fieldPath: metadata.uid}}
                - name: APP_LABEL
                  valueFrom: {fieldRef: {fieldPath: "metadata.labels['app']"}}
                volumeMounts:
                - {name: scratch, mountPath: /scratch}
              volumes:
              - name: scratch
                emptyDir: {}
        """, file)
        let played = try store.berth("kube", "play", "--network", "none", "--start=false", "--configmap", configFile,
                                     "--annotation", "io.containers.autoupdate/main=local", file)
        try #require(ok(played, "kube play"))
        let podID = try #require(played.stdout.split(separator: "\n").dropFirst().first)
        #expect(try store.berth("pod", "ps", "--format", "{{.Name}} {{.Status}}").out == "app-pod Created")
        #expect(try store.berth("ps", "-a", "--format", "{{.Names}} {{.Status}}", "--filter", "name=app-pod-main").out.hasPrefix("app-pod-main Created"))
        #expect(try store.berth("inspect", "--format", "{{index .Config.Labels \"io.containers.autoupdate\"}}", "app-pod-main").out == "local",
                "--annotation io.containers.autoupdate/CONTAINER (a .kube unit's AutoUpdate=) labels that container")
        try #require(ok(try store.berth("pod", "start", "app-pod"), "pod start"))
        let env = try store.berth("exec", "app-pod-main", "env").stdout.split(separator: "\n")
        for expected in ["APP_LEVEL=debug", "APP_MODE=fast", "TOKEN=s3cr3t", "POD_NAME=app-pod", "POD_ID=\(podID)", "APP_LABEL=app"] {
            #expect(env.contains(Substring(expected)), "\(env)")
        }
        #expect(try store.berth("exec", "app-pod-main", "sh", "-c", "touch /scratch/x && echo ok").out == "ok")

        let replaced = try store.berth("kube", "play", "--replace", "--network", "none", "--configmap", configFile, file)
        try #require(ok(replaced, "kube play --replace"))
        let out = replaced.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(Array(out[0...4]) == ["Pods stopped:", podID, "Pods removed:", podID, "Secrets removed:"], "\(replaced.stdout)")
        #expect(out[5] == "Volumes removed:" && out[6] == "Pod:" && Self.isID(out[7]) && out[7] != podID)
        #expect(try store.berth("pod", "ps", "--format", "{{.Name}} {{.Status}}").out == "app-pod Running")
        // The berth secret is not the YAML's: kube down leaves it; the emptyDir volume goes with the pod.
        try #require(ok(try store.berth("kube", "down", file), "kube down"))
        #expect(try store.berth("ps", "-a", "-q").out == "")
        #expect(try store.berth("volume", "ls", "-q").out == "")
        #expect(try store.berth("secret", "ls", "--format", "{{.Name}}").out == "app-token")
    }

    @Test("configMap and secret volumes: a volume named after the object with a file per key (items at their path, defaultMode); kube down --force removes them")
    func configMapAndSecretVolumes() throws {
        let store = try ContainerTestSupport.store("kube-files")
        let file = store.dir + "/files.yaml"
        try write("""
        kind: ConfigMap
        metadata: {name: site}
        data: {index.html: from-configmap, unused: x}
        ---
        kind: Secret
        metadata: {name: tls}
        data: {key.pem: c2VjcmV0LWtleQ==}
        ---
        kind: Pod
        metadata: {name: files}
        spec:
          terminationGracePeriodSeconds: 1
          containers:
          - name: c
            image: localhost/busybox:latest
            command: [sleep, '1000']
            volumeMounts:
            - {name: site, mountPath: /www}
            - {name: tls, mountPath: /tls, readOnly: true}
          volumes:
          - name: site
            configMap:
              name: site
              items: [{key: index.html, path: sub/index.html}]
          - name: tls
            secret: {secretName: tls, defaultMode: 0400}
        """, file)
        try #require(ok(try store.berth("kube", "play", "--network", "none", file), "kube play"))
        #expect(try store.berth("exec", "files-c", "cat", "/www/sub/index.html").out == "from-configmap")
        #expect(try store.berth("exec", "files-c", "ls", "/www").out == "sub", "only the items named")
        #expect(try store.berth("exec", "files-c", "cat", "/tls/key.pem").out == "secret-key")
        #expect(try store.berth("exec", "files-c", "stat", "-c", "%a", "/tls/key.pem").out == "400")
        #expect(try store.berth("exec", "files-c", "touch", "/tls/x").status != 0, "readOnly")
        #expect(try store.berth("volume", "ls", "-q").out == "site\ntls")
        try #require(ok(try store.berth("kube", "down", "--force", file), "kube down"))
        #expect(try store.berth("volume", "ls", "-q").out == "")
        #expect(try store.berth("ps", "-a", "-q").out == "")
    }

    @Test("securityContext (the pod's runAsUser and supplementalGroups, the container's read-only root and dropped capabilities), limits.memory, and a livenessProbe as a healthcheck")
    func securityResourcesProbe() throws {
        let store = try ContainerTestSupport.store("kube-security")
        let file = store.dir + "/secure.yaml"
        try write("""
        kind: Pod
        metadata: {name: secure}
        spec:
          restartPolicy: Never
          terminationGracePeriodSeconds: 1
          securityContext: {runAsUser: 65534, supplementalGroups: [5]}
          containers:
          - name: c
            image: localhost/busybox:latest
            command: [sleep, '1000']
            securityContext:
              readOnlyRootFilesystem: true
              capabilities: {drop: [ALL]}
            resources:
              limits: {memory: 64Mi}
            livenessProbe:
              exec: {command: [cat, /nonexistent]}
              periodSeconds: 1
              failureThreshold: 1
        """, file)
        try #require(ok(try store.berth("kube", "play", "--network", "none", file), "kube play"))
        #expect(try store.berth("exec", "secure-c", "id", "-u").out == "65534")
        #expect(try store.berth("exec", "secure-c", "id", "-G").out.split(separator: " ").contains("5"))
        #expect(try store.berth("exec", "secure-c", "touch", "/x").status != 0, "read-only root")
        #expect(try store.berth("exec", "secure-c", "grep", "CapEff", "/proc/self/status").out.hasSuffix("0000000000000000"))
        #expect(try store.berth("inspect", "--format", "{{.HostConfig.Memory}}", "secure-c").out == "67108864")
        #expect(ContainerTestSupport.eventually(20) {
            (try? store.berth("inspect", "--format", "{{.State.Health.Status}}", "secure-c").out) == "unhealthy"
        }, "the failing probe makes it unhealthy")
        try #require(ok(try store.berth("kube", "down", file), "kube down"))
    }

    @Test("--service-container=true: a <sha256 prefix>-service container runs with the pod, exits once no member runs, and kube down removes it")
    func serviceContainer() throws {
        let store = try ContainerTestSupport.store("kube-service")
        let file = store.dir + "/brief.yaml"
        let text = "kind: Pod\nmetadata: {name: brief}\nspec:\n  restartPolicy: Never\n  containers:\n  - name: c\n    image: localhost/busybox:latest\n    command: [sleep, '2']\n"
        try write(text, file)
        try #require(ok(try store.berth("kube", "play", "--service-container=true", "--network", "none", file), "kube play"))
        let name = try store.berth("ps", "--format", "{{.Names}}", "--filter", "name=-service").out
        #expect(name.count == 20 && name.hasSuffix("-service"), "\(name)")
        #expect(try store.berth("inspect", "--format", "{{.State.Status}}", name).out == "running")
        #expect(ContainerTestSupport.eventually(20) {
            (try? store.berth("inspect", "--format", "{{.State.Status}}", name).out) == "exited"
        }, "the service container stops after the pod's only member exits")
        try #require(ok(try store.berth("kube", "down", file), "kube down"))
        #expect(try store.berth("ps", "-a", "-q").out == "")
        let refused = try store.berth("kube", "play", "--service-container=true", "--start=false", file)
        #expect(refused.status != 0 && refused.stderr.contains("--service-container does not work with --start=stop"))
    }

    @Test("a DaemonSet and a Job play as <name>-pod from their templates, as Podman plays them; kube down removes both")
    func daemonSetAndJob() throws {
        let store = try ContainerTestSupport.store("kube-kinds")
        let file = store.dir + "/kinds.yaml"
        try write("""
        apiVersion: apps/v1
        kind: DaemonSet
        metadata: {name: agent}
        spec:
          selector: {matchLabels: {app: agent}}
          template:
            metadata: {labels: {app: agent}}
            spec:
              terminationGracePeriodSeconds: 1
              containers:
              - {name: c, image: 'localhost/busybox:latest', command: [sleep, '1000']}
        ---
        apiVersion: batch/v1
        kind: Job
        metadata: {name: once}
        spec:
          template:
            spec:
              restartPolicy: Never
              containers:
              - {name: c, image: 'localhost/busybox:latest', command: [sh, -c, 'exit 3']}
        """, file)
        try #require(ok(try store.berth("kube", "play", "--network", "none", file), "kube play"))
        #expect(try store.berth("pod", "ps", "--format", "{{.Name}}", "--sort", "name").out == "agent-pod\nonce-pod")
        #expect(try store.berth("inspect", "--format", "{{.State.Status}}", "agent-pod-c").out == "running")
        #expect(ContainerTestSupport.eventually(20) {
            (try? store.berth("inspect", "--format", "{{.State.Status}} {{.State.ExitCode}}", "once-pod-c").out) == "exited 3"
        }, "the Job's container ran once")
        try #require(ok(try store.berth("kube", "down", file), "kube down"))
        #expect(try store.berth("pod", "ps", "-q").out == "")
        #expect(try store.berth("ps", "-a", "-q").out == "")
    }

    @Test("--wait: berth stays until the pods have exited, then cleans up; SIGTERM cleans up at once")
    func waitCleansUp() throws {
        let store = try ContainerTestSupport.store("kube-wait")
        let pod = { (seconds: Int) in
            "kind: Pod\nmetadata: {name: w}\nspec:\n  restartPolicy: Never\n  terminationGracePeriodSeconds: 1\n  containers:\n  - name: c\n    image: localhost/busybox:latest\n    command: [sleep, '\(seconds)']\n"
        }
        let brief = store.dir + "/brief.yaml", long = store.dir + "/long.yaml"
        try write(pod(1), brief)
        try write(pod(1000), long)
        let waited = try store.berth("kube", "play", "--wait", "--network", "none", brief)
        try #require(ok(waited, "kube play --wait"))
        #expect(waited.stdout.hasPrefix("Use ctrl+c to clean up or wait for pods to exit\nPod:\n"), "\(waited.stdout)")
        #expect(waited.stdout.contains("\nCleaning up containers, pods, and volumes...\nPods stopped:\n"), "\(waited.stdout)")
        #expect(try store.berth("ps", "-a", "-q").out == "")

        let process = Process()
        process.executableURL = URL(fileURLWithPath: EngineTestSupport.berth!)
        process.arguments = store.globalArguments + ["kube", "play", "--wait", "--network", "none", long]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        #expect(ContainerTestSupport.eventually(20) { (try? store.berth("pod", "ps", "--format", "{{.Status}}").out) == "Running" })
        kill(process.processIdentifier, SIGTERM)
        #expect(EngineTestSupport.waitForExit(process), "kube play --wait did not end on SIGTERM")
        #expect(process.terminationStatus == 0)
        #expect(try store.berth("ps", "-a", "-q").out == "")
        #expect(try store.berth("pod", "ps", "-q").out == "")
    }

    struct BadPlay: CustomTestStringConvertible, Sendable {
        let yaml: String
        let message: String
        var testDescription: String { message }
    }

    static let claim = "kind: PersistentVolumeClaim\nmetadata: {name: early}\n---\n"
    static let pod = "kind: Pod\nmetadata: {name: bad}\nspec:\n  containers:\n  - name: a\n    image: localhost/busybox:latest\n    command: [sleep, '100']\n"

    @Test("a play that cannot go through says why and where, and creates nothing (not the claim's volume before it either)", arguments: [
        BadPlay(yaml: claim + pod + "    env:\n    - name: X\n      valueFrom: {configMapKeyRef: {name: nosuch, key: k}}\n",
                message: "Pod \"bad\": spec.containers[0].env[0].valueFrom.configMapKeyRef: cannot set env X: configmap nosuch not found"),
        BadPlay(yaml: claim + pod + "    env:\n    - name: X\n      valueFrom: {secretKeyRef: {name: nosuch, key: k}}\n",
                message: "Pod \"bad\": spec.containers[0].env[0].valueFrom.secretKeyRef: cannot set env X: no secret with name or id \"nosuch\": no such secret"),
        BadPlay(yaml: claim + pod + "    volumeMounts:\n    - {name: v, mountPath: /v}\n  volumes:\n  - name: v\n    hostPath: {path: /nonexistent-kube-test}\n",
                message: "Pod \"bad\": spec.volumes[0].hostPath.path: /nonexistent-kube-test: no such file or directory"),
        BadPlay(yaml: claim + pod + "    volumeMounts:\n    - {name: nosuch, mountPath: /v}\n",
                message: "Pod \"bad\": spec.containers[0].volumeMounts[0].name: volume mount nosuch specified for container but not configured in volumes"),
        BadPlay(yaml: claim + pod + "  - name: a\n    image: localhost/busybox:latest\n",
                message: "Pod \"bad\": spec.containers[1].name: the pod \"bad\" is invalid; duplicate container name \"a\" detected"),
        BadPlay(yaml: claim + pod.replacingOccurrences(of: "localhost/busybox:latest", with: "localhost/nosuch:1") + "    imagePullPolicy: Never\n",
                message: "localhost/nosuch:1: image not known"),
        BadPlay(yaml: "kind: ConfigMap\nmetadata: {name: c}\ndata: {a: b}\n",
                message: "ConfigMaps in podman are not a standalone object and must be used in a container"),
    ])
    func refused(_ bad: BadPlay) throws {
        let store = try ContainerTestSupport.store("kube-bad")
        let result = try store.berth(["kube", "play", "--network", "none", "-"], stdin: Data(bad.yaml.utf8))
        #expect(result.status == 125)
        #expect(result.stderr == "Error: \(bad.message)\n")
        #expect(try store.berth("pod", "ps", "-q").out == "")
        #expect(try store.berth("ps", "-a", "-q").out == "")
        #expect(try store.berth("volume", "ls", "-q").out == "")
    }
}
