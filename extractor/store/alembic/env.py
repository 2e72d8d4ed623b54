"""Alembic's entry point for the run store: migrations always run on the connection that
``store.schema.upgrade`` hands over (inside its transaction and lock), never from an ini file."""

from alembic import context

connection = context.config.attributes["connection"]
context.configure(connection=connection)
with context.begin_transaction():
    context.run_migrations()
