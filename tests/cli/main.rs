//! The one integration-test binary: runs `koers` on fixture content folders (tests/fixtures/*)
//! and checks what a user sees: exit codes, error text (snapshotted), and the PDF itself, read
//! back by parsing it. One module per capability; `support` holds what they share.

mod build;
mod charts;
mod data;
mod editions;
mod errors;
mod figures;
mod hardening;
mod layout;
mod printed;
mod release;
mod stress;
mod structure;
mod support;
mod web;
mod windows;
