use super::nip;
use crate::flow::Failure;
use crate::ident::Nip;
use crate::office::schedule::{ClientState, Finish, Progress, Schedule, MAX_HOLDS};

fn clients(n: usize) -> Vec<Nip> {
    (0..n).map(nip).collect()
}

#[test]
fn starts_in_order_never_more_than_k_and_never_one_twice() {
    let mut s = Schedule::new(clients(5), 2);
    assert_eq!(s.next(0), Some(nip(0)));
    assert_eq!(s.next(0), Some(nip(1)));
    assert_eq!(s.next(0), None, "K = 2 are running");
    assert_eq!(s.finish(&nip(1), Finish::Done, 10), Some(ClientState::Done));
    assert_eq!(s.next(10), Some(nip(2)));
    // A late second answer for a client already ended changes nothing.
    assert_eq!(s.finish(&nip(1), Finish::Failed, 11), None);
    assert_eq!(s.state(&nip(1)), Some(ClientState::Done));
    assert_eq!(
        s.progress(),
        Progress {
            total: 5,
            done: 1,
            failed: 0,
            running: 2,
            waiting: 2,
            held: 0
        }
    );
}

#[test]
fn repeats_are_visited_once_and_the_limit_is_at_least_one() {
    let mut s = Schedule::new([nip(0), nip(1), nip(0)], 0);
    assert_eq!(s.progress().total, 2);
    assert_eq!(s.next(0), Some(nip(0)));
    assert_eq!(s.next(0), None);
}

#[test]
fn a_429_holds_back_only_that_client_and_the_others_go_on() {
    let mut s = Schedule::new(clients(4), 2);
    let (a, b) = (s.next(0).unwrap(), s.next(0).unwrap());
    let held = s.finish(
        &a,
        Finish::RateLimited {
            retry_after_s: Some(30),
        },
        1_000,
    );
    assert_eq!(held, Some(ClientState::Held { until: 31_000 }));
    // The freed slot goes to the next waiting client, not to the held one.
    assert_eq!(s.next(1_000), Some(nip(2)));
    s.finish(&b, Finish::Done, 2_000);
    assert_eq!(s.next(2_000), Some(nip(3)));
    s.finish(&nip(2), Finish::Done, 3_000);
    s.finish(&nip(3), Finish::Done, 3_000);
    assert_eq!(
        s.next(3_000),
        None,
        "only the held client is left, and it is held"
    );
    assert_eq!(s.wake_at(), Some(31_000));
    assert_eq!(s.progress().held, 1);
    assert_eq!(s.next(30_999), None);
    assert_eq!(s.next(31_000), Some(a.clone()));
    s.finish(&a, Finish::Done, 32_000);
    assert!(s.is_over());
    assert_eq!(s.progress().done, 4);
}

#[test]
fn a_client_held_goes_behind_those_already_waiting() {
    let mut s = Schedule::new(clients(3), 1);
    let a = s.next(0).unwrap();
    s.finish(
        &a,
        Finish::RateLimited {
            retry_after_s: Some(1),
        },
        0,
    );
    // Its hold is over at once, but nip(1) and nip(2) were waiting before it.
    assert_eq!(s.next(5_000), Some(nip(1)));
    s.finish(&nip(1), Finish::Done, 5_000);
    assert_eq!(s.next(5_000), Some(nip(2)));
    s.finish(&nip(2), Finish::Done, 5_000);
    assert_eq!(s.next(5_000), Some(a));
}

#[test]
fn failures_map_from_results_and_endless_429s_end_failed() {
    let limited: Result<(), Failure> = Err(Failure::RateLimited { retry_after: None });
    assert_eq!(
        Finish::from_result(&limited),
        Finish::RateLimited {
            retry_after_s: None
        }
    );
    assert_eq!(
        Finish::from_result(&Err::<(), _>(Failure::Network)),
        Finish::Failed
    );
    assert_eq!(Finish::from_result(&Ok::<_, Failure>(())), Finish::Done);

    let mut s = Schedule::new([nip(0)], 1);
    let mut now = 0;
    for _ in 0..MAX_HOLDS {
        let n = s.next(now).expect("held clients come back");
        let st = s.finish(&n, Finish::from_result(&limited), now).unwrap();
        assert!(matches!(st, ClientState::Held { until } if until == now + 1_000));
        now = s.wake_at().unwrap();
    }
    let n = s.next(now).unwrap();
    assert_eq!(
        s.finish(&n, Finish::from_result(&limited), now),
        Some(ClientState::Failed)
    );
    assert!(s.is_over());
    assert_eq!(s.wake_at(), None);

    s.retry_failed();
    assert_eq!(s.next(now), Some(nip(0)));
}

/// With a fake clock and a KSeF that rate-limits some clients at random moments, every client
/// ends, at most K run at once, and no client runs twice at once.
#[test]
fn fairness_and_bounds_under_a_fake_clock() {
    let n = 40;
    let k = 4;
    let mut s = Schedule::new(clients(n), k);
    let mut now = 0u64;
    let mut running: Vec<(Nip, u64)> = Vec::new();
    let mut starts = vec![0usize; n];
    let mut seed = 7u64;
    let mut rand = move || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        seed >> 33
    };
    while !s.is_over() {
        while let Some(nip) = s.next(now) {
            assert!(
                running.iter().all(|(r, _)| r != &nip),
                "started twice at once"
            );
            starts[(0..n).position(|i| super::nip(i) == nip).unwrap()] += 1;
            running.push((nip, now + 100 + rand() % 400));
        }
        assert!(running.len() <= k);
        let Some(i) = (0..running.len()).min_by_key(|&i| running[i].1) else {
            now = s.wake_at().expect("nothing runs, so something is held");
            continue;
        };
        let (nip, at) = running.remove(i);
        now = at;
        let how = match rand() % 5 {
            0 => Finish::RateLimited {
                retry_after_s: Some(rand() % 10),
            },
            1 if rand() % 4 == 0 => Finish::Failed,
            _ => Finish::Done,
        };
        s.finish(&nip, how, now).unwrap();
    }
    let p = s.progress();
    assert_eq!(p.done + p.failed, n);
    assert!(starts.iter().all(|&c| c >= 1));
    assert!(p.failed < n, "most clients get through");
}
