"""``extractor keys create | list | revoke``: the HTTP service's API keys (kept in the run store)."""

from __future__ import annotations

import dataclasses
import json

import typer
from rich.console import Console
from rich.table import Table

from extractor.cli import options
from extractor.cli.app import app, user_errors
from extractor.store import Store
from extractor.store.keys import create_key, list_keys, revoke_key

keys_app = typer.Typer(help="API keys of the HTTP service (`extractor serve`).", no_args_is_help=True,
                       context_settings={"help_option_names": ["-h", "--help"]})
app.add_typer(keys_app, name="keys")


@keys_app.command("create")
@user_errors
def create(name: str = typer.Argument(..., help="who the key is for (letters, digits, _ . @ -)"),
           db: str | None = options.DB) -> None:
    """Make a key and print it, once: the store keeps only its hash. The key is the last word printed."""
    with Store.open(db) as store:
        secret = create_key(store, name)
    print(f"key {name} (shown once, keep it): {secret}")


@keys_app.command("list")
@user_errors
def listing(db: str | None = options.DB, as_json: bool = typer.Option(False, "--json", help="print JSON")) -> None:
    """The keys, when they were made or revoked, and how many jobs each has (never the keys themselves)."""
    with Store.open(db) as store:
        found = list_keys(store)
    if as_json:
        print(json.dumps([dataclasses.asdict(k) for k in found], indent=2))
        return
    if not found:
        print("no keys yet: `extractor keys create NAME` makes one")
        return
    table = Table("name", "created", "revoked", "jobs")
    for key in found:
        table.add_row(key.name, key.created_at[:19].replace("T", " "),
                      (key.revoked_at or "")[:19].replace("T", " "), str(key.jobs))
    Console().print(table)


@keys_app.command("revoke")
@user_errors
def revoke(name: str = typer.Argument(..., help="the key's name"), db: str | None = options.DB) -> None:
    """Revoke a key: requests with it get 401 from then on (its jobs stay in the store)."""
    with Store.open(db) as store:
        revoke_key(store, name)
    print(f"key {name} revoked")
