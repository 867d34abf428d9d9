"""Local persistence: SQLAlchemy 2 models, repositories, unit of work, Alembic migrations.

The only package that imports SQLAlchemy. It hands out domain dataclasses, never ORM rows.
"""
