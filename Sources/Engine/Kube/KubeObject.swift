/// One object of a Kubernetes YAML file, of a kind berth plays.
public enum KubeObject: Sendable {
    case pod(KubePod)
    case deployment(KubeDeployment)
    case daemonSet(KubeDaemonSet)
    case job(KubeJob)
    case persistentVolumeClaim(KubePersistentVolumeClaim)
    case configMap(KubeConfigMap)
    case secret(KubeSecret)

    /// The kinds, as YAML names them.
    static let kinds = ["Pod", "Deployment", "DaemonSet", "Job", "PersistentVolumeClaim", "ConfigMap", "Secret"]
}
