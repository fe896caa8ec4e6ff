using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CohortBot.Bench.Rig;

/// A self-signed certificate for 127.0.0.1, for the fakes that must speak HTTPS, and the PEM file a
/// child process trusts it from (<c>SSL_CERT_FILE</c> for .NET on Linux, which reads trust through OpenSSL).
internal static class LoopbackCertificate
{
    private static readonly Lazy<X509Certificate2> Shared = new(Create);

    public static X509Certificate2 Certificate => Shared.Value;

    /// Writes the certificate (public part) as PEM into <paramref name="folder"/> and returns the file.
    public static string WritePem(string folder)
    {
        var path = Path.Combine(folder, "loopback-ca.pem");
        File.WriteAllText(path, Certificate.ExportCertificatePem());
        return path;
    }

    private static X509Certificate2 Create()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(7));
        // Kestrel wants a key it can use on every platform: round-trip through PKCS#12.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), password: null);
    }
}
