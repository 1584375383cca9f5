import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Quadlet's `Secret=` under a real systemd: secrets made with `berth secret
/// create`, and a systemd credential (encrypted with `systemd-creds`, loaded
/// by the unit's `LoadCredentialEncrypted=`) passed through without berth
/// ever storing it.
@Suite("System: Secret= and systemd credentials in .container units", .enabled(if: SystemTestSupport.canBoot, SystemTestSupport.reason))
struct SecretSystemTests {
    static let shared = SharedBox.make("secrets")
    let image = SharedBox.image

    @Test("Secret= as a file and an env var, and systemd-credential: from an encrypted credential, reach the container; berth stores no credential")
    func secretsAndCredential() throws {
        let box = try SecretSystemTests.shared.get()
        let created = try box.exec("sh", "-c", "printf hunter2 | berth secret create dbpass - && printf t0k3n | berth secret create token -")
        try #require(created.status == 0, "\(created.stderr)")
        let encrypted = try box.exec("sh", "-c", "mkdir -p /etc/credstore.encrypted && printf s3cret-cred | systemd-creds encrypt --name=dbcred - /etc/credstore.encrypted/dbcred")
        try #require(encrypted.status == 0, "systemd-creds encrypt: \(encrypted.stderr)")
        #expect(try !box.exec("cat", "/etc/credstore.encrypted/dbcred").out.contains("s3cret-cred"), "the credential is stored encrypted")
        // The other form: SetCredentialEncrypted= lines in the unit itself.
        let inline = try box.exec("sh", "-c", "printf inline-key | systemd-creds encrypt --pretty --name=apikey - -")
        try #require(inline.status == 0 && inline.stdout.hasPrefix("SetCredentialEncrypted=apikey:"), "\(inline.stderr)")
        #expect(!inline.stdout.contains("inline-key"))
        try box.writeQuadlet("secrets.container", """
            [Container]
            Image=\(image)
            Exec=sh -c "echo FILE=$(cat /run/secrets/dbpass) ENV=$TOKEN CRED=$DB_PASS CREDFILE=$(cat /etc/cred) INLINE=$API_KEY"
            Secret=dbpass
            Secret=token,type=env,target=TOKEN
            Secret=systemd-credential:dbcred,type=env,target=DB_PASS
            Secret=systemd-credential:dbcred,target=/etc/cred,mode=0400
            Secret=systemd-credential:apikey,type=env,target=API_KEY
            LogDriver=passthrough
            Network=none

            [Service]
            LoadCredentialEncrypted=dbcred:/etc/credstore.encrypted/dbcred
            \(inline.stdout)
            """)
        try box.reload()
        let started = try box.exec("systemctl", "start", "--wait", "secrets.service")
        let journal = try box.journal(["-u", "secrets.service"], until: "FILE=")
        #expect(started.status == 0, "\(started.stderr)\n\(journal)")
        #expect(journal.contains("FILE=hunter2 ENV=t0k3n CRED=s3cret-cred CREDFILE=s3cret-cred INLINE=inline-key"), "\(journal)")
        #expect(try box.berth("secret", "ls", "--format", "{{.Name}}").out == "dbpass\ntoken", "the credential is no berth secret")
        let stored = try box.exec("grep", "-r", "-l", "-e", "s3cret-cred", "-e", "inline-key", "/var/lib/berth", "/run/berth")
        #expect(stored.status == 1, "no file of berth's holds the credential: \(stored.out)")
    }

    @Test("a credential the unit does not load fails the service with a message naming the keys to use")
    func missingCredential() throws {
        let box = try SecretSystemTests.shared.get()
        try box.writeQuadlet("nocred.container", """
            [Container]
            Image=\(image)
            Exec=true
            Secret=systemd-credential:absent,type=env,target=X
            Network=none
            """)
        try box.reload()
        let started = try box.exec("systemctl", "start", "--wait", "nocred.service")
        #expect(started.status != 0)
        let journal = try box.journal(["-u", "nocred.service"], until: "CREDENTIALS_DIRECTORY")
        #expect(journal.contains("systemd credential absent: $CREDENTIALS_DIRECTORY is not set"), "\(journal)")
        _ = try box.exec("systemctl", "reset-failed", "nocred.service")
    }
}
