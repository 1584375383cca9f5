import CShim

/// What an epoll registration is for.
enum Source: UInt64 {
    case signals = 1
    case stdout, stderr
    case attachListener
    case stdinWritable
    case ctl, winsz
    case notify
    case oom
    case timeout
    case healthcheck
    case attachClientBase = 100
}

/// One epoll instance, level-triggered; registrations carry a token.
struct EventLoop {
    let fd: Int32 = epoll_create1(Int32(EPOLL_CLOEXEC))

    func add(_ fd: Int32, _ token: UInt64, events: UInt32 = UInt32(EPOLLIN.rawValue)) {
        _ = cshim_epoll_ctl(self.fd, EPOLL_CTL_ADD, fd, events, token)
    }

    func modify(_ fd: Int32, _ token: UInt64, events: UInt32) {
        _ = cshim_epoll_ctl(self.fd, EPOLL_CTL_MOD, fd, events, token)
    }

    func remove(_ fd: Int32) {
        _ = cshim_epoll_ctl(self.fd, EPOLL_CTL_DEL, fd, 0, 0)
    }

    /// Waits for events; returns how many were stored in `events`.
    func wait(_ events: UnsafeMutablePointer<cshim_epoll_event>, max: Int32) -> Int {
        while true {
            let n = cshim_epoll_wait(fd, events, max, -1)
            if n < 0 && Sys.errno == EINTR { continue }
            return Int(n)
        }
    }
}

let epollIn = UInt32(EPOLLIN.rawValue)
let epollOut = UInt32(EPOLLOUT.rawValue)
let epollHup = UInt32(EPOLLHUP.rawValue)
let epollErr = UInt32(EPOLLERR.rawValue)
