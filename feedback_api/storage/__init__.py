"""Storage: SQLAlchemy models, engine setup (SQLite WAL or PostgreSQL), Alembic migrations."""
