/// One entry of a pod's `spec.containers`.
public struct KubeContainer: Codable, Sendable {
    public var name: String
    public var image: String
    /// Replaces the image's ENTRYPOINT (and drops its CMD).
    public var command: [String]?
    /// Replaces the image's CMD.
    public var args: [String]?
    public var workingDir: String?
    public var env: [KubeEnvVar]?
    public var envFrom: [KubeEnvFromSource]?
    public var ports: [KubeContainerPort]?
    public var volumeMounts: [KubeVolumeMount]?
    /// `Always`, `IfNotPresent`, `Never`.
    public var imagePullPolicy: String?
    public var tty: Bool?
    public var stdin: Bool?
    public var securityContext: KubeSecurityContext?
    public var resources: KubeResources?
    public var livenessProbe: KubeProbe?
}
