// Package storetest is the conformance suite of feedloom's stores: the
// behaviour the rest of feedloom relies on, written once and run against
// every backend (bbolt in package store, PostgreSQL in store/pgstore), so
// that they agree on what a commit stores, what a selection returns, what
// a prune keeps and how a source's items are identified.
//
// A backend's tests call Run with a function that opens a fresh, empty
// store; every behaviour is a subtest on a store of its own. The suite
// drives a store only through the Store interface and checks what it
// returns, never how it lays things out: layout belongs to each backend's
// own tests.
package storetest
