/// What `berth logs` asks of a container's log.
package struct LogQuery: Sendable {
    /// Records at or after this time (seconds since the epoch).
    package var since: Double?
    /// Records at or before this time.
    package var until: Double?
    /// Only the last this many lines of what is there (nil: all).
    package var tail: Int?
    /// Keep printing new records until the container exits.
    package var follow: Bool

    package init(since: Double? = nil, until: Double? = nil, tail: Int? = nil, follow: Bool = false) {
        self.since = since
        self.until = until
        self.tail = tail
        self.follow = follow
    }

    func admits(_ record: LogRecord) -> Bool {
        guard since != nil || until != nil else { return true }
        let seconds = record.seconds
        return (since.map { seconds >= $0 } ?? true) && (until.map { seconds <= $0 } ?? true)
    }
}
