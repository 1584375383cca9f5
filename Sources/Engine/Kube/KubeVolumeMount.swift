/// `volumeMounts[]`: a volume of the pod at a path in the container.
public struct KubeVolumeMount: Codable, Sendable {
    public var name: String
    public var mountPath: String
    public var readOnly: Bool?
}
