//! `klucznik`: Klucznik's command line over ksef-core, for scripts and for checking the core
//! from outside. Errors go to stderr with exit code 2.

use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use ksef_core::auth_xml::{AuthTokenRequest, SchemaVersion, SubjectIdentifierType, XmlStyle};
use ksef_core::context::{ContextIdentifier, ContextType};
use ksef_core::ident::{CertFingerprint, CertSerial, InternalId, Nip, NipVatUe, PeppolId, Pesel};
use ksef_core::ip_policy::AllowedIps;
use ksef_core::ksef_token::KsefToken;
use ksef_core::lang::{Lang, Localized};

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
}

#[derive(Args)]
struct AuthXmlArgs {
    /// The challenge from POST /auth/challenge.
    #[arg(long)]
    challenge: String,
    #[command(flatten)]
    context: ContextArgs,
    /// How KSeF reads the signer's identity.
    #[arg(long, value_enum, default_value_t = SubjectArg::CertificateSubject)]
    subject: SubjectArg,
    /// Allowed client IPv4 address (repeatable, at most 10).
    #[arg(long = "ip")]
    ips: Vec<String>,
    /// Allowed range `a.b.c.d-e.f.g.h` (repeatable, at most 10).
    #[arg(long = "ip-range")]
    ranges: Vec<String>,
    /// Allowed CIDR mask `a.b.c.d/n` (repeatable, at most 10).
    #[arg(long = "ip-mask")]
    masks: Vec<String>,
    /// Namespace version of the document.
    #[arg(long, value_enum, default_value_t = SchemaArg::V21)]
    schema: SchemaArg,
}

#[derive(Args)]
#[group(required = true, multiple = false)]
struct ContextArgs {
    #[arg(long)]
    nip: Option<String>,
    #[arg(long)]
    internal_id: Option<String>,
    #[arg(long)]
    nip_vat_ue: Option<String>,
    #[arg(long)]
    peppol_id: Option<String>,
}

#[derive(Clone, Copy, ValueEnum)]
enum SubjectArg {
    CertificateSubject,
    CertificateFingerprint,
}

#[derive(Clone, Copy, ValueEnum)]
enum SchemaArg {
    #[value(name = "2.0")]
    V20,
    #[value(name = "2.1")]
    V21,
}

#[derive(Clone, Copy, ValueEnum)]
enum IdKindArg {
    Nip,
    Pesel,
    InternalId,
    NipVatUe,
    PeppolId,
    Fingerprint,
    CertSerial,
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
    let msg = |e: &dyn Localized| e.message(lang);
    match command {
        Command::AuthXml(a) => auth_xml(a, lang),
        Command::CheckId { kind, value } => {
            check_id(kind, &value).map_err(|e| msg(&e))?;
            Ok(lang.pick("poprawny\n", "valid\n").to_string())
        }
        Command::ParseToken { token } => {
            let t: KsefToken = token.parse().map_err(|e| msg(&e))?;
            Ok(format!(
                "referenceNumber: {}\ncontext: {} {}\n",
                t.reference(),
                t.context_type().context_type().as_str(),
                t.context_value()
            ))
        }
    }
}

fn check_id(kind: IdKindArg, value: &str) -> Result<(), ksef_core::ident::IdError> {
    match kind {
        IdKindArg::Nip => value.parse::<Nip>().map(drop),
        IdKindArg::Pesel => value.parse::<Pesel>().map(drop),
        IdKindArg::InternalId => value.parse::<InternalId>().map(drop),
        IdKindArg::NipVatUe => value.parse::<NipVatUe>().map(drop),
        IdKindArg::PeppolId => value.parse::<PeppolId>().map(drop),
        IdKindArg::Fingerprint => value.parse::<CertFingerprint>().map(drop),
        IdKindArg::CertSerial => value.parse::<CertSerial>().map(drop),
    }
}

fn auth_xml(a: AuthXmlArgs, lang: Lang) -> Result<String, String> {
    let c = &a.context;
    let (kind, value) = [
        (ContextType::Nip, &c.nip),
        (ContextType::InternalId, &c.internal_id),
        (ContextType::NipVatUe, &c.nip_vat_ue),
        (ContextType::PeppolId, &c.peppol_id),
    ]
    .into_iter()
    .find_map(|(k, v)| v.as_ref().map(|v| (k, v.clone())))
    .expect("clap requires one context");
    let context = ContextIdentifier::parse(kind, &value).map_err(|e| e.message(lang))?;
    let challenge = a
        .challenge
        .parse()
        .map_err(|e: ksef_core::ident::IdError| e.message(lang))?;
    let mut req = AuthTokenRequest::new(challenge, context);
    req.version = match a.schema {
        SchemaArg::V20 => SchemaVersion::V2_0,
        SchemaArg::V21 => SchemaVersion::V2_1,
    };
    req.subject_type = match a.subject {
        SubjectArg::CertificateSubject => SubjectIdentifierType::CertificateSubject,
        SubjectArg::CertificateFingerprint => SubjectIdentifierType::CertificateFingerprint,
    };
    let ips = AllowedIps::parse(&a.ips, &a.ranges, &a.masks).map_err(|e| e.message(lang))?;
    req.allowed_ips = (!ips.is_empty()).then_some(ips);
    Ok(req.to_xml(XmlStyle::Pretty))
}
