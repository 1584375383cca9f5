/// `spec.template` of a Deployment, DaemonSet or Job: the pod they make.
public struct KubePodTemplate: Codable, Sendable {
    public var metadata: KubeObjectMeta?
    public var spec: KubePodSpec
}
