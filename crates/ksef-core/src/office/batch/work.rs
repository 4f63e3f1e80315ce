//! What the app is asked to do for one item, and the existing machines or calls that do it.
//! Each task runs with an access token of `Task::context` (the app logs in there first, or
//! reuses a session it holds for that context).

use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};

use crate::api::permissions::{
    IndirectPermissionsGrantRequest, Page, PersonPermissionsQueryRequest,
    QueryPersonPermissionsResponse,
};
use crate::api::tokens::{GenerateTokenRequest, QueryTokensResponse};
use crate::flow::operation::PermissionOperation;
use crate::flow::single::{Json, Single};
use crate::flow::token::TokenGeneration;
use crate::flow::Call;
use crate::ident::Nip;

/// One step of one item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Task {
    /// The item's client.
    pub nip: Nip,
    /// The context to be logged in to: the client's, or the office's for grants.
    pub context: Nip,
    pub work: Work,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Work {
    /// Drive [`Work::token_generation`]: give `made()` to `Batch::token_made` as soon as it
    /// appears, the end to `Batch::token_done`.
    CreateToken(GenerateTokenRequest),
    /// Every page of [`Work::tokens_page`] to `Batch::tokens_found`.
    FindTokens { description: String },
    /// [`Work::revoke`] to `Batch::revoke_done`.
    RevokeToken { reference: String },
    /// Drive [`Work::grant_operation`]: its `reference()` to `Batch::grant_accepted` as soon as
    /// it appears, the end to `Batch::grant_done`.
    Grant(Box<IndirectPermissionsGrantRequest>),
    /// Every page of [`Work::grants_page`] to `Batch::grants_found`.
    FindGrant(PersonPermissionsQueryRequest),
    /// Drive [`Work::grant_operation`] (it polls the accepted operation) to `Batch::grant_done`.
    CheckGrant { reference: String },
}

/// The largest page `GET /tokens` and the permission queries give.
const PAGE_SIZE: u32 = 100;

type TokensPage = Single<Json<QueryTokensResponse>>;
type GrantsPage = Single<Json<QueryPersonPermissionsResponse>>;

impl Work {
    /// The machine for [`Work::CreateToken`].
    pub fn token_generation(&self, access: &str) -> Option<TokenGeneration> {
        match self {
            Work::CreateToken(request) => Some(TokenGeneration::new(access, request)),
            _ => None,
        }
    }

    /// One page of [`Work::FindTokens`]: `GET /tokens` whose description contains the text,
    /// every status (a revoked token tells that a lost revocation went through). The next
    /// page's continuation token comes in the answer.
    pub fn tokens_page(&self, access: &str, continuation: Option<&str>) -> Option<TokensPage> {
        let Work::FindTokens { description } = self else {
            return None;
        };
        let search = utf8_percent_encode(description, NON_ALPHANUMERIC);
        let path = format!("/tokens?description={search}&pageSize={PAGE_SIZE}");
        let mut call = Call::get(path).bearer(access);
        call.continuation = continuation.map(str::to_string);
        Some(Single::new(call))
    }

    /// [`Work::RevokeToken`]: `DELETE /tokens/{reference}` (sent again by itself after no
    /// answer: it is idempotent).
    pub fn revoke(&self, access: &str) -> Option<Single<()>> {
        match self {
            Work::RevokeToken { reference } => Some(Single::new(
                Call::delete(format!("/tokens/{reference}")).bearer(access),
            )),
            _ => None,
        }
    }

    /// The operation of [`Work::Grant`], or the check of [`Work::CheckGrant`].
    pub fn grant_operation(&self, access: &str) -> Option<PermissionOperation> {
        match self {
            Work::Grant(request) => Some(PermissionOperation::start(
                Call::json("/permissions/indirect/grants", request.as_ref()).bearer(access),
            )),
            Work::CheckGrant { reference } => Some(PermissionOperation::poll(access, reference)),
            _ => None,
        }
    }

    /// One page (from 0) of [`Work::FindGrant`]: `POST /permissions/query/persons/grants`.
    pub fn grants_page(&self, access: &str, page: u32) -> Option<GrantsPage> {
        let Work::FindGrant(query) = self else {
            return None;
        };
        let page = Page {
            offset: page,
            size: PAGE_SIZE,
        };
        let path = format!("/permissions/query/persons/grants?{}", page.query());
        Some(Single::new(Call::json(path, query).bearer(access)))
    }
}
