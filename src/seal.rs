//! The sealed archive: `meetlat report --sign KEY.p12` puts a detached CMS signature of
//! `manifest.json` beside it ([`SIGNATURE`]), and `meetlat verify` checks it and names the
//! signer. Anyone can rewrite a manifest with new hashes; nobody without the private key
//! can make a signature over the rewritten manifest that names the same certificate.
//!
//! The signature is what `openssl cms -sign -binary -outform DER -md sha256` makes
//! (SignedData, detached, SHA-256, signed attributes content type and message digest,
//! the signer's certificate included), so a committee can check it without meetlat. It
//! has no signing time: a time the signer's own clock states proves nothing, and leaving
//! it out keeps a signed archive byte-identical from run to run (RSA PKCS#1 v1.5 and
//! ECDSA with RFC 6979 are deterministic).
//!
//! The key comes from a PKCS#12 file (`.p12`/`.pfx`): current ones (PBES2: PBKDF2 and
//! AES-CBC, MAC HMAC-SHA256) and legacy ones (`openssl … -legacy`, older Windows exports:
//! 3DES and RC2 with SHA-1). RSA and EC P-256 keys.

use std::path::Path;

use cms::cert::CertificateChoices;
use cms::content_info::{CmsVersion, ContentInfo};
use cms::signed_data::{
    CertificateSet, EncapsulatedContentInfo, SignedData, SignerIdentifier, SignerInfo,
    SignerInfos,
};
use der::asn1::{Any, ObjectIdentifier as Oid, OctetString, SetOfVec};
use der::{Decode, Encode, Sequence};
use sha2::{Digest, Sha256};
use spki::AlgorithmIdentifierOwned;
use x509_cert::Certificate;
use x509_cert::attr::Attribute;

use crate::diag::Diagnostic;
use crate::error::{Error, Result};

/// The signature's file name inside the archive, beside the manifest it signs.
pub const SIGNATURE: &str = "manifest.json.p7s";

/// The environment variable `meetlat report --sign` reads the password from.
pub const PASSWORD_VAR: &str = "MEETLAT_SIGN_PASSWORD";

const ID_DATA: Oid = Oid::new_unwrap("1.2.840.113549.1.7.1");
const ID_SIGNED_DATA: Oid = Oid::new_unwrap("1.2.840.113549.1.7.2");
const ID_ENCRYPTED_DATA: Oid = Oid::new_unwrap("1.2.840.113549.1.7.6");
const ID_CONTENT_TYPE: Oid = Oid::new_unwrap("1.2.840.113549.1.9.3");
const ID_MESSAGE_DIGEST: Oid = Oid::new_unwrap("1.2.840.113549.1.9.4");
const ID_SHA1: Oid = Oid::new_unwrap("1.3.14.3.2.26");
const ID_SHA256: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.2.1");
const RSA_ENCRYPTION: Oid = Oid::new_unwrap("1.2.840.113549.1.1.1");
const SHA256_WITH_RSA: Oid = Oid::new_unwrap("1.2.840.113549.1.1.11");
const EC_PUBLIC_KEY: Oid = Oid::new_unwrap("1.2.840.10045.2.1");
const ECDSA_WITH_SHA256: Oid = Oid::new_unwrap("1.2.840.10045.4.3.2");
const KEY_BAG: Oid = Oid::new_unwrap("1.2.840.113549.1.12.10.1.1");
const SHROUDED_KEY_BAG: Oid = Oid::new_unwrap("1.2.840.113549.1.12.10.1.2");
const CERT_BAG: Oid = Oid::new_unwrap("1.2.840.113549.1.12.10.1.3");
const X509_CERTIFICATE: Oid = Oid::new_unwrap("1.2.840.113549.1.9.22.1");
const PBES2: Oid = Oid::new_unwrap("1.2.840.113549.1.5.13");
const PBKDF2: Oid = Oid::new_unwrap("1.2.840.113549.1.5.12");
const HMAC_SHA1: Oid = Oid::new_unwrap("1.2.840.113549.2.7");
const HMAC_SHA256: Oid = Oid::new_unwrap("1.2.840.113549.2.9");
const AES128_CBC: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.1.2");
const AES192_CBC: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.1.22");
const AES256_CBC: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.1.42");
const DES_EDE3_CBC: Oid = Oid::new_unwrap("1.2.840.113549.3.7");
const PBE_SHA1_3DES: Oid = Oid::new_unwrap("1.2.840.113549.1.12.1.3");
const PBE_SHA1_RC2_128: Oid = Oid::new_unwrap("1.2.840.113549.1.12.1.5");
const PBE_SHA1_RC2_40: Oid = Oid::new_unwrap("1.2.840.113549.1.12.1.6");

/// Who signed, as `verify` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signer {
    /// The certificate's subject (RFC 4514, e.g. `CN=J. de Vries,O=Hogeschool`).
    pub subject: String,
    /// The certificate's issuer.
    pub issuer: String,
    /// First day the certificate is valid (`YYYY-MM-DD`, UTC).
    pub valid_from: String,
    /// Last day the certificate is valid (`YYYY-MM-DD`, UTC).
    pub valid_to: String,
    /// SHA-256 of the certificate, uppercase hex pairs joined by `:` (as
    /// `openssl x509 -noout -fingerprint -sha256` prints it).
    pub fingerprint: String,
}

impl Signer {
    fn of(cert: &Certificate) -> Self {
        let tbs = cert.tbs_certificate();
        let day = |t: &x509_cert::time::Time| {
            let d = t.to_date_time();
            format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
        };
        let der = cert.to_der().unwrap_or_default();
        Signer {
            subject: tbs.subject().to_string(),
            issuer: tbs.issuer().to_string(),
            valid_from: day(&tbs.validity().not_before),
            valid_to: day(&tbs.validity().not_after),
            fingerprint: Sha256::digest(&der)
                .iter()
                .map(|b| format!("{b:02X}"))
                .collect::<Vec<_>>()
                .join(":"),
        }
    }
}

/// A private key of one of the kinds meetlat signs with.
#[derive(Clone)]
enum Key {
    Rsa(Box<rsa::pkcs1v15::SigningKey<Sha256>>),
    P256(Box<p256::ecdsa::SigningKey>),
}

/// The signing key and its certificate, read from a PKCS#12 file before anything is
/// rendered, so that a wrong password or an unusable file stops the run at once.
#[derive(Clone)]
pub struct SigningKey {
    key: Key,
    cert: Certificate,
    /// Other certificates in the file (the chain), included in the signature.
    chain: Vec<Certificate>,
}

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the key.
        f.debug_struct("SigningKey").field("signer", &self.signer()).finish()
    }
}

/// A problem with the key file: exit code 1, the file named.
fn key_error(path: &Path, message: String, hint: &str) -> Error {
    Error::Invalid(vec![Diagnostic::error(message).in_file(path).hint(hint)])
}

const EXPORT_HINT: &str = "export the examiner's or the institution's certificate together with its private key as a PKCS#12 file (.p12 or .pfx), e.g. `openssl pkcs12 -export -inkey key.pem -in cert.pem -out sign.p12`";

impl SigningKey {
    /// Read the key and its certificate from the PKCS#12 file `path`, opened with
    /// `password`, and check that the certificate is valid at `now` (seconds since 1970).
    ///
    /// # Errors
    /// [`Error::Invalid`] naming the file: not readable, not PKCS#12, wrong password,
    /// encrypted in a way meetlat cannot read, no private key, no certificate of the key,
    /// a key other than RSA or EC P-256, a certificate expired or not yet valid.
    pub fn load(path: &Path, password: &str, now: i64) -> Result<Self> {
        let bytes = std::fs::read(path).map_err(|e| {
            key_error(
                path,
                format!("cannot read the signing key file ({e})"),
                "give the path of the .p12 or .pfx file with `--sign`",
            )
        })?;
        let name = path.display();
        let contents = pkcs12::open(&bytes, password).map_err(|e| match e {
            pkcs12::Problem::NotPkcs12(why) => key_error(
                path,
                format!("`{name}` is not a PKCS#12 file (.p12/.pfx) ({why})"),
                EXPORT_HINT,
            ),
            pkcs12::Problem::Password => key_error(
                path,
                format!("the password does not open `{name}`"),
                &format!(
                    "check the password in the environment variable {PASSWORD_VAR}, or unset it to be asked for the password"
                ),
            ),
            pkcs12::Problem::Unsupported(what) => key_error(
                path,
                format!("`{name}` is protected with {what}, which meetlat cannot read"),
                "export the file again with current settings (AES-256 and SHA-256: the default of current openssl and Windows)",
            ),
        })?;
        let Some(key_der) = contents.keys.first() else {
            return Err(key_error(
                path,
                format!("`{name}` holds no private key, only certificates"),
                EXPORT_HINT,
            ));
        };
        let key =
            key_from_pkcs8(key_der).map_err(|why| {
            key_error(
                path,
                format!("`{name}`: {why}"),
                "use a certificate with an RSA key (what institutions issue) or an EC P-256 key",
            )
        })?;
        let public = key.public_der();
        let mut certs = contents.certs;
        let Some(i) = certs.iter().position(|c| {
            c.tbs_certificate().subject_public_key_info().to_der().ok() == public
        }) else {
            return Err(key_error(
                path,
                format!("`{name}` holds a private key but not its certificate"),
                EXPORT_HINT,
            ));
        };
        let cert = certs.remove(i);
        let signing = SigningKey { key, cert, chain: certs };
        let signer = signing.signer();
        let validity = signing.cert.tbs_certificate().validity();
        let secs = |t: &x509_cert::time::Time| t.to_unix_duration().as_secs() as i64;
        if now > secs(&validity.not_after) {
            return Err(key_error(
                path,
                format!(
                    "the certificate in `{name}` ({}) expired on {}",
                    signer.subject, signer.valid_to
                ),
                "sign with a current certificate; archives signed while it was valid keep their signature",
            ));
        }
        if now < secs(&validity.not_before) {
            return Err(key_error(
                path,
                format!(
                    "the certificate in `{name}` ({}) is not valid before {}",
                    signer.subject, signer.valid_from
                ),
                "sign with a certificate that is valid today (check the computer's date)",
            ));
        }
        Ok(signing)
    }

    /// Who signs.
    pub fn signer(&self) -> Signer {
        Signer::of(&self.cert)
    }

    /// A detached CMS signature (DER) of `content`.
    ///
    /// # Errors
    /// [`Error::Internal`] when the signature cannot be made or does not verify with the
    /// certificate (the key is broken).
    pub fn sign(&self, content: &[u8]) -> Result<Vec<u8>> {
        let internal = |e: &dyn std::fmt::Display| {
            Error::Internal(format!("cannot sign the manifest ({e})"))
        };
        let sha256 = AlgorithmIdentifierOwned { oid: ID_SHA256, parameters: None };
        let attrs = SetOfVec::try_from(vec![
            Attribute {
                oid: ID_CONTENT_TYPE,
                values: SetOfVec::try_from(vec![
                    Any::encode_from(&ID_DATA).map_err(|e| internal(&e))?,
                ])
                .map_err(|e| internal(&e))?,
            },
            Attribute {
                oid: ID_MESSAGE_DIGEST,
                values: SetOfVec::try_from(vec![
                    Any::encode_from(
                        &OctetString::new(Sha256::digest(content).to_vec())
                            .map_err(|e| internal(&e))?,
                    )
                    .map_err(|e| internal(&e))?,
                ])
                .map_err(|e| internal(&e))?,
            },
        ])
        .map_err(|e| internal(&e))?;
        let signed = attrs.to_der().map_err(|e| internal(&e))?;
        let (signature, algorithm) = match &self.key {
            Key::Rsa(k) => {
                use rsa::signature::{SignatureEncoding, Signer as _};
                let s: rsa::pkcs1v15::Signature =
                    k.try_sign(&signed).map_err(|e| internal(&e))?;
                (
                    s.to_vec(),
                    AlgorithmIdentifierOwned {
                        oid: RSA_ENCRYPTION,
                        parameters: Some(Any::null()),
                    },
                )
            }
            Key::P256(k) => {
                use p256::ecdsa::signature::Signer as _;
                let s: p256::ecdsa::DerSignature =
                    k.try_sign(&signed).map_err(|e| internal(&e))?;
                (
                    s.as_bytes().to_vec(),
                    AlgorithmIdentifierOwned { oid: ECDSA_WITH_SHA256, parameters: None },
                )
            }
        };
        let tbs = self.cert.tbs_certificate();
        let signer_info = SignerInfo {
            version: CmsVersion::V1,
            sid: SignerIdentifier::IssuerAndSerialNumber(
                cms::cert::IssuerAndSerialNumber {
                    issuer: tbs.issuer().clone(),
                    serial_number: tbs.serial_number().clone(),
                },
            ),
            digest_alg: sha256.clone(),
            signed_attrs: Some(attrs),
            signature_algorithm: algorithm,
            signature: OctetString::new(signature).map_err(|e| internal(&e))?,
            unsigned_attrs: None,
        };
        let certs: Vec<CertificateChoices> = std::iter::once(&self.cert)
            .chain(&self.chain)
            .map(|c| CertificateChoices::Certificate(c.clone()))
            .collect();
        let signed_data = SignedData {
            version: CmsVersion::V1,
            digest_algorithms: SetOfVec::try_from(vec![sha256])
                .map_err(|e| internal(&e))?,
            encap_content_info: EncapsulatedContentInfo {
                econtent_type: ID_DATA,
                econtent: None,
            },
            certificates: Some(
                CertificateSet::try_from(certs).map_err(|e| internal(&e))?,
            ),
            crls: None,
            signer_infos: SignerInfos::try_from(vec![signer_info])
                .map_err(|e| internal(&e))?,
        };
        let info = ContentInfo {
            content_type: ID_SIGNED_DATA,
            content: Any::encode_from(&signed_data).map_err(|e| internal(&e))?,
        };
        let der = info.to_der().map_err(|e| internal(&e))?;
        // Never write a signature that does not check.
        verify(&der, content).map_err(|why| internal(&why))?;
        Ok(der)
    }
}

impl Key {
    /// The public key as the DER of a SubjectPublicKeyInfo, to find its certificate.
    fn public_der(&self) -> Option<Vec<u8>> {
        use spki::EncodePublicKey;
        match self {
            Key::Rsa(k) => {
                let public = rsa::PublicKey::from(k.as_ref().as_ref());
                public.to_public_key_der().ok().map(|d| d.into_vec())
            }
            Key::P256(k) => {
                k.verifying_key().to_public_key_der().ok().map(|d| d.into_vec())
            }
        }
    }
}

/// An RSA or P-256 key from the DER of a PKCS#8 PrivateKeyInfo.
fn key_from_pkcs8(der: &[u8]) -> std::result::Result<Key, String> {
    use pkcs8::DecodePrivateKey;
    let info = pkcs8::PrivateKeyInfoRef::from_der(der)
        .map_err(|e| format!("the private key cannot be read ({e})"))?;
    let oid = info.algorithm.oid;
    if oid == RSA_ENCRYPTION {
        rsa::pkcs1v15::SigningKey::<Sha256>::from_pkcs8_der(der)
            .map(|k| Key::Rsa(Box::new(k)))
            .map_err(|e| format!("the RSA private key cannot be read ({e})"))
    } else if oid == EC_PUBLIC_KEY {
        p256::ecdsa::SigningKey::from_pkcs8_der(der)
            .map(|k| Key::P256(Box::new(k)))
            .map_err(|_| {
                "the private key is an EC key on another curve than P-256: meetlat signs with RSA and EC P-256 keys".to_owned()
            })
    } else {
        Err(format!(
            "the private key is of type {oid}: meetlat signs with RSA and EC P-256 keys"
        ))
    }
}

/// Check the detached CMS signature `signature` (DER) of `content` and name its signer.
///
/// # Errors
/// Why the signature does not hold, as one sentence for a finding.
pub fn verify(signature: &[u8], content: &[u8]) -> std::result::Result<Signer, String> {
    let not_cms =
        |e: der::Error| format!("not a CMS signature that meetlat can read ({e})");
    let info = ContentInfo::from_der(signature).map_err(not_cms)?;
    if info.content_type != ID_SIGNED_DATA {
        return Err(format!(
            "not a CMS signature (its content type is {})",
            info.content_type
        ));
    }
    let data: SignedData = info.content.decode_as().map_err(not_cms)?;
    if data.encap_content_info.econtent.is_some() {
        return Err("it holds a copy of its content instead of signing manifest.json beside it (not a detached signature)".to_owned());
    }
    let infos = data.signer_infos.0.as_slice();
    let [si] = infos else {
        return Err(format!("it has {} signers; a meetlat archive has one", infos.len()));
    };
    let certs: Vec<&Certificate> = data
        .certificates
        .as_ref()
        .map(|s| {
            s.0.iter()
                .filter_map(|c| match c {
                    CertificateChoices::Certificate(c) => Some(c),
                    CertificateChoices::Other(_) => None,
                })
                .collect()
        })
        .unwrap_or_default();
    let cert = certs
        .iter()
        .find(|c| {
            let tbs = c.tbs_certificate();
            match &si.sid {
                SignerIdentifier::IssuerAndSerialNumber(i) => {
                    &i.issuer == tbs.issuer() && &i.serial_number == tbs.serial_number()
                }
                SignerIdentifier::SubjectKeyIdentifier(ski) => tbs
                    .get_extension::<x509_cert::ext::pkix::SubjectKeyIdentifier>()
                    .ok()
                    .flatten()
                    .is_some_and(|(_, own)| &own == ski),
            }
        })
        .ok_or_else(|| "it does not hold the certificate of its signer".to_owned())?;
    if si.digest_alg.oid != ID_SHA256 {
        return Err(format!(
            "it uses the digest algorithm {}; meetlat checks SHA-256 signatures",
            si.digest_alg.oid
        ));
    }
    let digest = Sha256::digest(content);
    let signed = match &si.signed_attrs {
        None => content.to_vec(),
        Some(attrs) => {
            let value = |oid: Oid| {
                attrs.iter().find(|a| a.oid == oid).and_then(|a| {
                    match a.values.as_slice() {
                        [one] => Some(one.clone()),
                        _ => None,
                    }
                })
            };
            let digest_ok = value(ID_MESSAGE_DIGEST)
                .and_then(|v| v.decode_as::<OctetString>().ok())
                .is_some_and(|d| d.as_bytes() == digest.as_slice());
            if !digest_ok {
                return Err(format!(
                    "it does not belong to this {}: the manifest was changed after it was signed, or the signature is of another manifest",
                    crate::archive::MANIFEST
                ));
            }
            if value(ID_CONTENT_TYPE).and_then(|v| v.decode_as::<Oid>().ok())
                != Some(ID_DATA)
            {
                return Err("its signed content type is not `data`".to_owned());
            }
            attrs
                .to_der()
                .map_err(|e| format!("its signed attributes cannot be read ({e})"))?
        }
    };
    let spki = cert
        .tbs_certificate()
        .subject_public_key_info()
        .to_der()
        .map_err(|e| format!("the signer's certificate cannot be read ({e})"))?;
    let key_oid = cert.tbs_certificate().subject_public_key_info().algorithm.oid;
    let sig = si.signature.as_bytes();
    let bad = || {
        if si.signed_attrs.is_none() {
            format!(
                "it does not belong to this {}: the manifest was changed after it was signed, or the signature is of another manifest",
                crate::archive::MANIFEST
            )
        } else {
            "its signature value does not verify with the certificate it holds: the signature was changed".to_owned()
        }
    };
    let alg = si.signature_algorithm.oid;
    if key_oid == RSA_ENCRYPTION && (alg == RSA_ENCRYPTION || alg == SHA256_WITH_RSA) {
        use rsa::signature::Verifier as _;
        use spki::DecodePublicKey;
        let key = rsa::pkcs1v15::VerifyingKey::<Sha256>::from_public_key_der(&spki)
            .map_err(|e| format!("the signer's RSA key cannot be read ({e})"))?;
        let sig = rsa::pkcs1v15::Signature::try_from(sig).map_err(|_| bad())?;
        key.verify(&signed, &sig).map_err(|_| bad())?;
    } else if key_oid == EC_PUBLIC_KEY && alg == ECDSA_WITH_SHA256 {
        use p256::ecdsa::signature::Verifier as _;
        use spki::DecodePublicKey;
        let key =
            p256::ecdsa::VerifyingKey::from_public_key_der(&spki).map_err(|_| {
                "the signer's key is not an EC P-256 key, which meetlat checks".to_owned()
            })?;
        let sig = p256::ecdsa::DerSignature::from_bytes(sig).map_err(|_| bad())?;
        key.verify(&signed, &sig).map_err(|_| bad())?;
    } else {
        return Err(format!(
            "it is made with the algorithm {alg} (key {key_oid}); meetlat checks RSA and EC P-256 signatures with SHA-256"
        ));
    }
    Ok(Signer::of(cert))
}

/// Read a PKCS#12 file (RFC 7292): the private keys (PKCS#8 DER) and certificates.
mod pkcs12 {
    use super::*;
    use cbc::cipher::{BlockModeDecrypt, KeyIvInit, block_padding::Pkcs7};
    use hmac::{KeyInit as _, Mac};

    /// Why a file does not open.
    pub(super) enum Problem {
        NotPkcs12(String),
        Password,
        Unsupported(String),
    }

    pub(super) struct Contents {
        pub(super) keys: Vec<Vec<u8>>,
        pub(super) certs: Vec<Certificate>,
    }

    #[derive(Sequence)]
    struct Pfx {
        version: u8,
        auth_safe: ContentInfo,
        mac_data: Option<MacData>,
    }

    #[derive(Sequence)]
    struct MacData {
        mac: DigestInfo,
        mac_salt: OctetString,
        #[asn1(default = "one")]
        iterations: u32,
    }

    fn one() -> u32 {
        1
    }

    #[derive(Sequence)]
    struct DigestInfo {
        algorithm: AlgorithmIdentifierOwned,
        digest: OctetString,
    }

    #[derive(Sequence)]
    struct SafeBag {
        bag_id: Oid,
        #[asn1(context_specific = "0", tag_mode = "EXPLICIT")]
        bag_value: Any,
        bag_attributes: Option<Any>,
    }

    #[derive(Sequence)]
    struct CertBag {
        cert_id: Oid,
        #[asn1(context_specific = "0", tag_mode = "EXPLICIT")]
        cert_value: OctetString,
    }

    #[derive(Sequence)]
    struct EncryptedPrivateKeyInfo {
        algorithm: AlgorithmIdentifierOwned,
        data: OctetString,
    }

    #[derive(Sequence)]
    struct Pbes2Params {
        kdf: AlgorithmIdentifierOwned,
        encryption: AlgorithmIdentifierOwned,
    }

    #[derive(Sequence)]
    struct Pbkdf2Params {
        salt: OctetString,
        iterations: u32,
        key_length: Option<u32>,
        prf: Option<AlgorithmIdentifierOwned>,
    }

    #[derive(Sequence)]
    struct PbeParams {
        salt: OctetString,
        iterations: u32,
    }

    /// Iteration counts above this are refused: a hostile file must not keep meetlat
    /// busy for hours (current openssl uses 2048, Windows 2000).
    const MAX_ITERATIONS: u32 = 10_000_000;

    pub(super) fn open(bytes: &[u8], password: &str) -> Result<Contents, Problem> {
        let not = |e: der::Error| Problem::NotPkcs12(e.to_string());
        let pfx = Pfx::from_der(bytes).map_err(not)?;
        if pfx.version != 3 || pfx.auth_safe.content_type != ID_DATA {
            return Err(Problem::NotPkcs12(
                "not version 3 with password integrity".into(),
            ));
        }
        let auth_safe = pfx.auth_safe.content.decode_as::<OctetString>().map_err(not)?;
        let auth_safe = auth_safe.as_bytes();
        // The password as PKCS#12 wants it for its own key derivation: UTF-16BE with
        // a terminating zero. An empty password may also have been taken as no bytes.
        let mut bmp: Vec<u8> =
            password.encode_utf16().flat_map(u16::to_be_bytes).collect();
        bmp.extend([0, 0]);
        let mut passwords = vec![bmp];
        if password.is_empty() {
            passwords.push(Vec::new());
        }
        let bmp = match &pfx.mac_data {
            None => passwords.swap_remove(0),
            Some(mac) => {
                let iterations = checked(mac.iterations)?;
                let (oid, salt) = (mac.mac.algorithm.oid, mac.mac_salt.as_bytes());
                let expected = mac.mac.digest.as_bytes();
                let found = passwords.into_iter().find(|p| {
                    if oid == ID_SHA256 {
                        let key = kdf(sha256, p, salt, 3, iterations, 32);
                        hmac::Hmac::<Sha256>::new_from_slice(&key).is_ok_and(|mut m| {
                            m.update(auth_safe);
                            m.verify_slice(expected).is_ok()
                        })
                    } else if oid == ID_SHA1 {
                        let key = kdf(sha1, p, salt, 3, iterations, 20);
                        hmac::Hmac::<sha1::Sha1>::new_from_slice(&key).is_ok_and(
                            |mut m| {
                                m.update(auth_safe);
                                m.verify_slice(expected).is_ok()
                            },
                        )
                    } else {
                        false
                    }
                });
                if oid != ID_SHA256 && oid != ID_SHA1 {
                    return Err(Problem::Unsupported(format!(
                        "the integrity check {oid}"
                    )));
                }
                found.ok_or(Problem::Password)?
            }
        };
        let utf8 = password.as_bytes();
        let safes = Vec::<ContentInfo>::from_der(auth_safe).map_err(not)?;
        let mut contents = Contents { keys: Vec::new(), certs: Vec::new() };
        for safe in safes {
            let bags = if safe.content_type == ID_DATA {
                safe.content.decode_as::<OctetString>().map_err(not)?.as_bytes().to_vec()
            } else if safe.content_type == ID_ENCRYPTED_DATA {
                let data: cms::encrypted_data::EncryptedData =
                    safe.content.decode_as().map_err(not)?;
                let info = data.enc_content_info;
                let Some(encrypted) = info.encrypted_content else { continue };
                decrypt(&info.content_enc_alg, encrypted.as_bytes(), &bmp, utf8)?
            } else {
                continue; // public-key privacy mode: not for a signing key file
            };
            for bag in Vec::<SafeBag>::from_der(&bags).map_err(not)? {
                let value = bag.bag_value.to_der().map_err(not)?;
                if bag.bag_id == KEY_BAG {
                    contents.keys.push(value);
                } else if bag.bag_id == SHROUDED_KEY_BAG {
                    let info = EncryptedPrivateKeyInfo::from_der(&value).map_err(not)?;
                    contents.keys.push(decrypt(
                        &info.algorithm,
                        info.data.as_bytes(),
                        &bmp,
                        utf8,
                    )?);
                } else if bag.bag_id == CERT_BAG {
                    let cert = CertBag::from_der(&value).map_err(not)?;
                    if cert.cert_id == X509_CERTIFICATE {
                        contents.certs.push(
                            Certificate::from_der(cert.cert_value.as_bytes())
                                .map_err(not)?,
                        );
                    }
                }
            }
        }
        Ok(contents)
    }

    fn checked(iterations: u32) -> Result<u32, Problem> {
        if (1..=MAX_ITERATIONS).contains(&iterations) {
            Ok(iterations)
        } else {
            Err(Problem::Unsupported(format!("{iterations} iterations")))
        }
    }

    fn sha256(bytes: &[u8]) -> Vec<u8> {
        Sha256::digest(bytes).to_vec()
    }

    fn sha1(bytes: &[u8]) -> Vec<u8> {
        sha1::Sha1::digest(bytes).to_vec()
    }

    /// The PKCS#12 key derivation (RFC 7292, appendix B.2) for a hash with 64-byte
    /// blocks (SHA-1, SHA-256); `id` 1 key, 2 IV, 3 MAC key.
    fn kdf(
        hash: fn(&[u8]) -> Vec<u8>,
        password: &[u8],
        salt: &[u8],
        id: u8,
        iterations: u32,
        len: usize,
    ) -> Vec<u8> {
        const V: usize = 64;
        let fill = |s: &[u8]| -> Vec<u8> {
            let n = V * s.len().div_ceil(V);
            (0..n).map(|i| s[i % s.len()]).collect()
        };
        let mut i_block = fill(salt);
        i_block.extend(fill(password));
        let mut out = Vec::with_capacity(len);
        while out.len() < len {
            let mut a = hash(&[vec![id; V], i_block.clone()].concat());
            for _ in 1..iterations {
                a = hash(&a);
            }
            out.extend_from_slice(&a);
            if out.len() >= len {
                break;
            }
            let b: Vec<u8> = (0..V).map(|i| a[i % a.len()]).collect();
            for chunk in i_block.chunks_mut(V) {
                let mut carry = 1u16;
                for (x, y) in chunk.iter_mut().zip(&b).rev() {
                    let sum = u16::from(*x) + u16::from(*y) + carry;
                    *x = sum as u8;
                    carry = sum >> 8;
                }
            }
        }
        out.truncate(len);
        out
    }

    /// Decrypt with a PKCS#12 or PKCS#5 password-based scheme.
    fn decrypt(
        alg: &AlgorithmIdentifierOwned,
        data: &[u8],
        bmp: &[u8],
        utf8: &[u8],
    ) -> Result<Vec<u8>, Problem> {
        let not = |e: der::Error| Problem::NotPkcs12(e.to_string());
        let params = alg.parameters.as_ref().ok_or_else(|| {
            Problem::NotPkcs12("encryption without parameters".to_owned())
        })?;
        let padding = |_| Problem::Password;
        if alg.oid == PBES2 {
            let p: Pbes2Params = params.decode_as().map_err(not)?;
            if p.kdf.oid != PBKDF2 {
                return Err(Problem::Unsupported(format!(
                    "the key derivation {}",
                    p.kdf.oid
                )));
            }
            let k: Pbkdf2Params = p
                .kdf
                .parameters
                .as_ref()
                .ok_or_else(|| Problem::NotPkcs12("PBKDF2 without parameters".into()))?
                .decode_as()
                .map_err(not)?;
            let iterations = checked(k.iterations)?;
            let iv = p
                .encryption
                .parameters
                .as_ref()
                .and_then(|a| a.decode_as::<OctetString>().ok())
                .ok_or_else(|| Problem::NotPkcs12("encryption without its IV".into()))?;
            let key_len = match p.encryption.oid {
                o if o == AES128_CBC => 16,
                o if o == AES192_CBC => 24,
                o if o == AES256_CBC => 32,
                o if o == DES_EDE3_CBC => 24,
                o => return Err(Problem::Unsupported(format!("the cipher {o}"))),
            };
            let mut key = vec![0u8; key_len];
            let prf = k.prf.map_or(HMAC_SHA1, |a| a.oid);
            if prf == HMAC_SHA256 {
                pbkdf2::pbkdf2_hmac::<Sha256>(
                    utf8,
                    k.salt.as_bytes(),
                    iterations,
                    &mut key,
                );
            } else if prf == HMAC_SHA1 {
                pbkdf2::pbkdf2_hmac::<sha1::Sha1>(
                    utf8,
                    k.salt.as_bytes(),
                    iterations,
                    &mut key,
                );
            } else {
                return Err(Problem::Unsupported(format!(
                    "the key derivation PBKDF2 with {prf}"
                )));
            }
            let iv = iv.as_bytes();
            let bad_iv = |_| Problem::NotPkcs12("an IV of the wrong length".into());
            return match key_len {
                16 => cbc::Decryptor::<aes::Aes128>::new_from_slices(&key, iv)
                    .map_err(bad_iv)?
                    .decrypt_padded_vec::<Pkcs7>(data),
                24 if p.encryption.oid == DES_EDE3_CBC => {
                    cbc::Decryptor::<des::TdesEde3>::new_from_slices(&key, iv)
                        .map_err(bad_iv)?
                        .decrypt_padded_vec::<Pkcs7>(data)
                }
                24 => cbc::Decryptor::<aes::Aes192>::new_from_slices(&key, iv)
                    .map_err(bad_iv)?
                    .decrypt_padded_vec::<Pkcs7>(data),
                _ => cbc::Decryptor::<aes::Aes256>::new_from_slices(&key, iv)
                    .map_err(bad_iv)?
                    .decrypt_padded_vec::<Pkcs7>(data),
            }
            .map_err(padding);
        }
        let p: PbeParams = params.decode_as().map_err(not)?;
        let iterations = checked(p.iterations)?;
        let salt = p.salt.as_bytes();
        let (key_len, rc2_bits) = match alg.oid {
            o if o == PBE_SHA1_3DES => (24, None),
            o if o == PBE_SHA1_RC2_128 => (16, Some(128)),
            o if o == PBE_SHA1_RC2_40 => (5, Some(40)),
            o => return Err(Problem::Unsupported(format!("the encryption {o}"))),
        };
        let key = kdf(sha1, bmp, salt, 1, iterations, key_len);
        let iv = kdf(sha1, bmp, salt, 2, iterations, 8);
        let bad = |_| Problem::NotPkcs12("a key or IV of the wrong length".into());
        match rc2_bits {
            None => cbc::Decryptor::<des::TdesEde3>::new_from_slices(&key, &iv)
                .map_err(bad)?
                .decrypt_padded_vec::<Pkcs7>(data),
            Some(bits) => {
                use cbc::cipher::InnerIvInit;
                let cipher = rc2::Rc2::new_with_eff_key_len(&key, bits);
                cbc::Decryptor::<rc2::Rc2>::inner_iv_slice_init(cipher, &iv)
                    .map_err(bad)?
                    .decrypt_padded_vec::<Pkcs7>(data)
            }
        }
        .map_err(padding)
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn the_pkcs12_kdf_gives_the_known_answer() {
            // From the PKCS#12 test vectors (password "smeg", SHA-1, ID 1, 1 iteration).
            let mut bmp: Vec<u8> =
                "smeg".encode_utf16().flat_map(u16::to_be_bytes).collect();
            bmp.extend([0, 0]);
            let salt = [0x0A, 0x58, 0xCF, 0x64, 0x53, 0x0D, 0x82, 0x3F];
            let key = kdf(sha1, &bmp, &salt, 1, 1, 24);
            let hex: String = key.iter().map(|b| format!("{b:02X}")).collect();
            assert_eq!(hex, "8AAAE6297B6CB04642AB5B077851284EB7128F1A2A7FBCA3");
        }
    }
}
