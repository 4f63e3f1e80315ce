//! `klucznik`: Klucznik's command line over ksef-core, for scripts and for checking the core
//! from outside. Errors go to stderr with exit code 2. Passwords come from the environment
//! variable `KLUCZNIK_PASSWORD` or a prompt, never from an argument.

mod commands;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use ksef_core::lang::Lang;

#[derive(Parser)]
#[command(
    name = "klucznik",
    version,
    about = "KSeF credentials from the command line (Klucznik)"
)]
struct Cli {
    /// Language of messages: pl or en.
    #[arg(long, global = true, default_value = "pl", env = "KLUCZNIK_LANG")]
    lang: String,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print an AuthTokenRequest (auth.xml) for the given challenge and context.
    AuthXml(AuthXmlArgs),
    /// Check an identifier; exits 0 when valid.
    CheckId { kind: IdKindArg, value: String },
    /// Show the reference number and context of a KSeF token (never the secret).
    ParseToken { token: String },
    /// Generate a key pair into an encrypted .key file (Ministry format).
    Keygen {
        #[arg(long, value_enum, default_value_t = AlgArg::Ec)]
        alg: AlgArg,
        #[arg(long)]
        out: PathBuf,
    },
    /// Build a PKCS#10 request from /certificates/enrollments/data JSON and a .key file.
    Csr {
        #[arg(long)]
        enrollment_data: PathBuf,
        #[arg(long)]
        key: PathBuf,
        #[arg(long)]
        out: PathBuf,
        /// Write DER instead of PEM.
        #[arg(long)]
        der: bool,
    },
    /// Decrypt or encrypt a key file.
    #[command(subcommand)]
    Key(KeyCommand),
    /// Export or import PKCS#12 (.p12/.pfx) bundles.
    #[command(subcommand)]
    P12(P12Command),
    /// Make a self-signed certificate for KSeF TEST (person by NIP or PESEL, or a seal) and its key.
    TestCert(TestCertArgs),
    /// Sign an auth.xml with a key and certificate (enveloped XAdES); prints the signed XML.
    Sign {
        #[arg(long)]
        key: PathBuf,
        #[arg(long)]
        cert: PathBuf,
        /// The unsigned AuthTokenRequest.
        auth_xml: PathBuf,
    },
    /// Check a signed auth.xml as KSeF would (signature, XAdES profile, signer); prints the
    /// pre-flight report and exits 0 when KSeF should accept the file.
    Verify {
        /// The signed AuthTokenRequest.
        signed_xml: PathBuf,
        /// The challenge the file must be signed for.
        #[arg(long)]
        challenge: Option<String>,
    },
    /// QR codes for an invoice: prints the link; --png/--svg also save the image.
    #[command(subcommand)]
    Qr(QrCommand),
    /// Exit 0 when the certificate belongs to the key (same public key).
    CertMatch {
        #[arg(long)]
        key: PathBuf,
        #[arg(long)]
        cert: PathBuf,
    },
}

#[derive(Args)]
pub struct TestCertArgs {
    #[command(flatten)]
    pub who: TestWho,
    #[arg(long, default_value = "Jan")]
    pub given_name: String,
    #[arg(long, default_value = "Testowy")]
    pub surname: String,
    /// Organisation name for --seal.
    #[arg(long, default_value = "Firma Testowa sp. z o.o.")]
    pub organization: String,
    #[arg(long, value_enum, default_value_t = AlgArg::Ec)]
    pub alg: AlgArg,
    #[arg(long)]
    pub key_out: PathBuf,
    #[arg(long)]
    pub cert_out: PathBuf,
}

#[derive(Args)]
#[group(required = true, multiple = false)]
pub struct TestWho {
    /// A person identified by NIP (serialNumber TINPL-<NIP>).
    #[arg(long)]
    pub nip: Option<String>,
    /// A person identified by PESEL (serialNumber PNOPL-<PESEL>).
    #[arg(long)]
    pub pesel: Option<String>,
    /// A company seal for this NIP (organizationIdentifier VATPL-<NIP>).
    #[arg(long)]
    pub seal: Option<String>,
}

#[derive(Subcommand)]
enum QrCommand {
    /// Code I: the invoice verification link (online and offline invoices).
    Code1 {
        #[command(flatten)]
        invoice: QrInvoiceArgs,
        /// The KSeF number, once known: the caption under the code (else OFFLINE).
        #[arg(long)]
        ksef_number: Option<String>,
        #[command(flatten)]
        out: QrOutArgs,
    },
    /// Code II: the issuer link, signed with an Offline KSeF certificate.
    Code2 {
        #[command(flatten)]
        invoice: QrInvoiceArgs,
        /// Nip, InternalId, NipVatUe or PeppolId.
        #[arg(long, default_value = "Nip")]
        context_type: String,
        /// The context the certificate was issued in.
        #[arg(long)]
        context: String,
        /// The Offline certificate's key file (password from KLUCZNIK_PASSWORD or a prompt).
        #[arg(long)]
        key: PathBuf,
        #[arg(long)]
        cert: PathBuf,
        #[command(flatten)]
        out: QrOutArgs,
    },
}

#[derive(Args)]
pub struct QrInvoiceArgs {
    #[arg(long, value_enum)]
    pub env: EnvArg,
    /// The invoice XML, hashed exactly as it is sent to KSeF.
    #[arg(long)]
    pub invoice: PathBuf,
    /// The seller's NIP (default: Podmiot1 of the invoice).
    #[arg(long)]
    pub nip: Option<String>,
    /// The issue date DD-MM-YYYY (default: P_1 of the invoice).
    #[arg(long)]
    pub date: Option<String>,
}

#[derive(Args)]
pub struct QrOutArgs {
    #[arg(long)]
    pub png: Option<PathBuf>,
    #[arg(long)]
    pub svg: Option<PathBuf>,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum EnvArg {
    Test,
    Demo,
    Prod,
}

#[derive(Subcommand)]
enum KeyCommand {
    /// Write the key unencrypted (PKCS#8 PEM): keep the output safe.
    Decrypt {
        #[arg(long = "in")]
        input: PathBuf,
        #[arg(long)]
        out: PathBuf,
    },
    /// Encrypt a plain key (PKCS#8, PKCS#1 or SEC1) into a .key file.
    Encrypt {
        #[arg(long = "in")]
        input: PathBuf,
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Subcommand)]
enum P12Command {
    Export {
        #[arg(long)]
        key: PathBuf,
        #[arg(long)]
        cert: PathBuf,
        #[arg(long)]
        out: PathBuf,
        /// 3DES and SHA-1 for Windows older than Windows 10 1709 / Server 2019.
        #[arg(long)]
        legacy: bool,
    },
    Import {
        #[arg(long = "in")]
        input: PathBuf,
        #[arg(long)]
        key_out: PathBuf,
        #[arg(long)]
        cert_out: PathBuf,
    },
}

#[derive(Args)]
pub struct AuthXmlArgs {
    /// The challenge from POST /auth/challenge.
    #[arg(long)]
    pub challenge: String,
    #[command(flatten)]
    pub context: ContextArgs,
    /// How KSeF reads the signer's identity.
    #[arg(long, value_enum, default_value_t = SubjectArg::CertificateSubject)]
    pub subject: SubjectArg,
    /// Allowed client IPv4 address (repeatable, at most 10).
    #[arg(long = "ip")]
    pub ips: Vec<String>,
    /// Allowed range `a.b.c.d-e.f.g.h` (repeatable, at most 10).
    #[arg(long = "ip-range")]
    pub ranges: Vec<String>,
    /// Allowed CIDR mask `a.b.c.d/n` (repeatable, at most 10).
    #[arg(long = "ip-mask")]
    pub masks: Vec<String>,
    /// Namespace version of the document.
    #[arg(long, value_enum, default_value_t = SchemaArg::V21)]
    pub schema: SchemaArg,
}

#[derive(Args)]
#[group(required = true, multiple = false)]
pub struct ContextArgs {
    #[arg(long)]
    pub nip: Option<String>,
    #[arg(long)]
    pub internal_id: Option<String>,
    #[arg(long)]
    pub nip_vat_ue: Option<String>,
    #[arg(long)]
    pub peppol_id: Option<String>,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum SubjectArg {
    CertificateSubject,
    CertificateFingerprint,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum SchemaArg {
    #[value(name = "2.0")]
    V20,
    #[value(name = "2.1")]
    V21,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum IdKindArg {
    Nip,
    Pesel,
    InternalId,
    NipVatUe,
    PeppolId,
    Fingerprint,
    CertSerial,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum AlgArg {
    Ec,
    Rsa,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let lang = Lang::from_code(&cli.lang).unwrap_or_default();
    match run(cli.command, lang) {
        Ok(out) => {
            print!("{out}");
            ExitCode::SUCCESS
        }
        Err(msg) => {
            eprintln!("{msg}");
            ExitCode::from(2)
        }
    }
}

fn run(command: Command, lang: Lang) -> Result<String, String> {
    use commands::{auth, keys};
    match command {
        Command::AuthXml(a) => auth::auth_xml(a, lang),
        Command::CheckId { kind, value } => auth::check_id_command(kind, &value, lang),
        Command::ParseToken { token } => auth::parse_token(&token, lang),
        Command::Keygen { alg, out } => keys::keygen(alg, &out, lang),
        Command::Csr {
            enrollment_data,
            key,
            out,
            der,
        } => keys::csr(&enrollment_data, &key, &out, der, lang),
        Command::Key(KeyCommand::Decrypt { input, out }) => keys::decrypt(&input, &out, lang),
        Command::Key(KeyCommand::Encrypt { input, out }) => keys::encrypt(&input, &out, lang),
        Command::P12(P12Command::Export {
            key,
            cert,
            out,
            legacy,
        }) => keys::p12_export(&key, &cert, &out, legacy, lang),
        Command::P12(P12Command::Import {
            input,
            key_out,
            cert_out,
        }) => keys::p12_import(&input, &key_out, &cert_out, lang),
        Command::Qr(QrCommand::Code1 {
            invoice,
            ksef_number,
            out,
        }) => commands::qr::code1(invoice, ksef_number.as_deref(), out, lang),
        Command::Qr(QrCommand::Code2 {
            invoice,
            context_type,
            context,
            key,
            cert,
            out,
        }) => commands::qr::code2(invoice, &context_type, &context, &key, &cert, out, lang),
        Command::CertMatch { key, cert } => keys::cert_match(&key, &cert, lang),
        Command::TestCert(a) => commands::xades::test_cert(a, lang),
        Command::Verify {
            signed_xml,
            challenge,
        } => commands::xades::verify(&signed_xml, challenge.as_deref(), lang),
        Command::Sign {
            key,
            cert,
            auth_xml,
        } => commands::xades::sign(&key, &cert, &auth_xml, lang),
    }
}
