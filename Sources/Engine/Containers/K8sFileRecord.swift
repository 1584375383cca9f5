/// A record of a k8s-file log: `TIMESTAMP stdout|stderr F|P content`.
package enum K8sFileRecord {
    /// The fields of a k8s-file record `TS stream F|P content`, as bytes
    /// (attach copies the content through unchanged).
    package static func split<Bytes: Collection<UInt8>>(_ record: Bytes) -> (time: Bytes.SubSequence, stderr: Bool, partial: Bool, content: Bytes.SubSequence)? {
        let parts = record.split(separator: 32, maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count >= 3 else { return nil }
        return (parts[0], parts[1].elementsEqual("stderr".utf8), parts[2].elementsEqual("P".utf8),
                parts.count > 3 ? parts[3] : record[record.endIndex...])
    }
}
