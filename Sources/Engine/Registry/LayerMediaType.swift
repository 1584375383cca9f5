/// The layer media types pull accepts: tar, gzip and zstd, OCI and Docker
/// (libarchive detects the compression when the layer is unpacked).
enum LayerMediaType {
    static let supported = [
        "application/vnd.oci.image.layer.v1.tar",
        "application/vnd.oci.image.layer.v1.tar+gzip",
        "application/vnd.oci.image.layer.v1.tar+zstd",
        "application/vnd.oci.image.layer.nondistributable.v1.tar",
        "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip",
        "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd",
        "application/vnd.docker.image.rootfs.diff.tar.gzip",
        "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip",
        "application/vnd.docker.image.rootfs.diff.tar",
    ]

    static func isSupported(_ mediaType: String) -> Bool { supported.contains(mediaType) }
}
