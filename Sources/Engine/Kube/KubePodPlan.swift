import Foundation

/// A pod of the YAML turned into berth's specs, checked before anything
/// is created: the pod, its members (joined to it once it exists), the
/// claims' volumes and the host paths to create.
struct KubePodPlan {
    /// `Pod "web"` / `Deployment "web"`, for messages.
    var label: String
    var pod: PodSpec
    var containers: [ContainerSpec]
    var claims: [String]
    var hostDirectories: [String]
    var hostFiles: [String]
    /// ConfigMap and secret volumes: a named volume (the object's name)
    /// holding one file per key.
    var filledVolumes: [FilledVolume] = []

    struct FilledVolume {
        var name: String
        /// Relative path in the volume → contents.
        var files: [String: Data]
        var mode: mode_t
    }
}
