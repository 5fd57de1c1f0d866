"""Small helpers several test modules share."""
from sqlalchemy import func, select


def count_rows(db, model, *where) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(model).where(*where))
