//! A reload at every step: for each event of a batch's run (every save, and every call KSeF
//! carried out whose answer the page then lost), the page dies right there, the batch is read
//! back from what was saved last, and the run goes on. Whatever the moment, no client's part is
//! done twice and the summary tells what happened.

use super::batch::{book, employee_grant, id, token_batch};
use super::driver::App;
use super::fake::Fake;
use super::{nip, office};
use crate::lang::Lang;
use crate::office::batch::{Activation, Batch, ItemState, Outcome, SecretState};
use crate::office::book::ClientBook;

const CLIENTS: usize = 3;

/// Runs `setup`'s batch once without a crash to count its events, then once per event with a
/// crash there and a reload; `check` sees each resumed run's end.
fn at_every_step(setup: impl Fn() -> (Batch, Fake), check: impl Fn(usize, &App, &Fake)) {
    let (batch, mut fake) = setup();
    let mut clean = App::new(batch);
    clean.run(&mut fake).unwrap();
    check(0, &clean, &fake);
    assert!(clean.events > 10, "a run has many steps ({})", clean.events);
    for crash in 1..=clean.events {
        let (batch, mut fake) = setup();
        let mut app = App::new(batch);
        app.crash_at = Some(crash);
        assert!(app.run(&mut fake).is_err(), "the run reaches event {crash}");
        let mut resumed = app.reload();
        resumed.run(&mut fake).unwrap();
        assert!(resumed.batch.is_over(), "crash at {crash}");
        check(crash, &resumed, &fake);
    }
}

#[test]
fn a_token_batch_resumed_anywhere_makes_each_token_once() {
    at_every_step(
        || (token_batch(&book(CLIENTS)), Fake::default()),
        |crash, app, fake| {
            let (mut lost, mut pending) = (0, 0);
            for i in 0..CLIENTS {
                assert_eq!(fake.token_posts[&nip(i)], 1, "crash at {crash}: client {i}");
                let made = fake.tokens_of(&nip(i));
                assert_eq!(made.len(), 1, "crash at {crash}");
                let ItemState::Done(Outcome::TokenMade {
                    reference,
                    secret,
                    activation,
                }) = &app.batch.item(&nip(i)).unwrap().state
                else {
                    panic!("crash at {crash}: {:?}", app.batch.item(&nip(i)));
                };
                assert_eq!(reference, &made[0].reference);
                // Found by its marker before KSeF activated it: told so, not hidden.
                match activation {
                    Activation::Active => {}
                    Activation::Pending => pending += 1,
                    other => panic!("crash at {crash}: {other:?}"),
                }
                match secret {
                    SecretState::Kept(s) => assert_eq!(s.expose(), format!("secret-{reference}")),
                    SecretState::Lost => lost += 1,
                    SecretState::Saved => panic!("nobody saved it"),
                }
            }
            // Only the answer lost at the crash can take a secret with it.
            assert!(lost <= 1, "crash at {crash}: {lost} secrets lost");
            let s = app.batch.summary(Lang::Pl);
            assert_eq!((s.done + s.attention, s.failed, s.left), (CLIENTS, 0, 0));
            assert!(s.attention >= lost.max(pending) && s.attention <= lost + pending);
            let file = app.batch.secrets_file(Lang::Pl);
            let lines = file.map_or(0, |f| f.matches("secret-").count());
            assert_eq!(lines, CLIENTS - lost);
        },
    );
}

#[test]
fn a_revoke_batch_resumed_anywhere_revokes_each_token_once() {
    let setup = || {
        let mut fake = Fake::default();
        for i in 0..CLIENTS {
            fake.add_token(&nip(i), "Biuro A", "Active");
            fake.add_token(&nip(i), "biuro B", "Pending");
            fake.add_token(&nip(i), "ERP", "Active");
        }
        let batch = Batch::revoke_tokens(id(), book(CLIENTS).clients(), "biuro").unwrap();
        (batch, fake)
    };
    at_every_step(setup, |crash, app, fake| {
        for t in &fake.tokens {
            let wanted = t.description.to_lowercase().contains("biuro");
            assert_eq!(t.status == "Revoked", wanted, "crash at {crash}: {t:?}");
            if wanted {
                assert_eq!(
                    fake.deletes[&t.reference], 1,
                    "crash at {crash}: revoked twice"
                );
            }
        }
        let s = app.batch.summary(Lang::En);
        assert_eq!(
            (s.done, s.failed, s.attention),
            (CLIENTS, 0, 0),
            "crash at {crash}"
        );
        assert!(
            s.lines.iter().all(|l| l.text == "Revoked 2 tokens"),
            "crash at {crash}"
        );
    });
}

#[test]
fn a_grant_batch_resumed_anywhere_grants_each_client_once() {
    let setup = || {
        let book: ClientBook = book(CLIENTS);
        let batch = Batch::grant_indirect(id(), office(), book.clients(), employee_grant())
            .unwrap()
            .with_limit(1);
        (batch, Fake::default())
    };
    at_every_step(setup, |crash, app, fake| {
        for i in 0..CLIENTS {
            assert_eq!(
                fake.grant_posts[nip(i).as_str()],
                1,
                "crash at {crash}: client {i}"
            );
        }
        assert_eq!(fake.grants.len(), CLIENTS);
        let s = app.batch.summary(Lang::Pl);
        assert_eq!(
            (s.done, s.failed, s.attention),
            (CLIENTS, 0, 0),
            "crash at {crash}"
        );
        assert!(s.lines.iter().all(|l| l.text == "Uprawnienia nadane"));
    });
}

/// A reload at every step of a run that is itself reloaded again: the resumed run crashes too,
/// once at each of its own steps.
#[test]
fn two_reloads_in_a_row_still_make_each_token_once() {
    let setup = || (token_batch(&book(2)), Fake::default());
    let (batch, mut fake) = setup();
    let mut clean = App::new(batch);
    clean.run(&mut fake).unwrap();
    for first in 1..=clean.events {
        for second in 1..=clean.events {
            let (batch, mut fake) = setup();
            let mut app = App::new(batch);
            app.crash_at = Some(first);
            let _ = app.run(&mut fake);
            let mut again = app.reload();
            again.crash_at = Some(second);
            if again.run(&mut fake).is_err() {
                again = again.reload();
                again.run(&mut fake).unwrap();
            }
            assert!(again.batch.is_over());
            for i in 0..2 {
                assert_eq!(
                    fake.tokens_of(&nip(i)).len(),
                    1,
                    "crashes at {first}, {second}"
                );
            }
        }
    }
}
