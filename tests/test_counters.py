"""Each post's count of its elections, kept by the database's triggers (tracker.counters), whatever
writes the elections: imports, a record moved to another post, deletes, SQL by hand."""

from sqlalchemy import func, select, text

from tracker import counters, models, records
from tracker.dashboards import queries
from tracker.db import get_session

from .conftest import changed_example, example


def _counts(session) -> dict[str, tuple[int, int]]:
    """Each post (by organisation and title): its kept count and its elections counted anew."""
    p, e, o = models.Post, models.Election, models.Organisation
    counted = select(func.count()).where(e.post_id == p.id).scalar_subquery()
    rows = session.execute(select(o.acronym, p.title, p.elections_count, counted).join(o, o.id == p.organisation_id))
    return {f"{acronym} {title}": (kept, actual) for acronym, title, kept, actual in rows}


def test_each_post_counts_its_elections_however_they_are_written(seeded_app):
    with seeded_app.app_context():
        session = get_session()
        assert _counts(session) == {"INTERPOL Vice-President": (1, 1), "FIFA President": (1, 1)}  # imported

        # the same record stored again, under another post: its old post loses it, the new one has it
        def to_vice_president(election):
            election["post"]["title"] = "Senior Vice-President"

        records.import_records(session, changed_example("fifa-2016-president", to_vice_president))
        session.commit()
        after_move = _counts(session)
        assert after_move["FIFA President"] == (0, 0)
        assert after_move["FIFA Senior Vice-President"] == (1, 1)

        records.import_records(session, example("fifa-2016-president"))  # moved back
        session.commit()
        assert _counts(session)["FIFA President"] == (1, 1)

        records.delete_election(session, "fifa-2016-president")
        session.commit()
        assert _counts(session)["FIFA President"] == (0, 0)

        # by hand: a post's elections moved in one statement, then deleted in one
        interpol = session.scalar(select(models.Post.id).join(models.Organisation).where(models.Organisation.acronym == "INTERPOL").limit(1))
        fifa = session.scalar(select(models.Post.id).where(models.Post.title == "President").join(models.Organisation).where(models.Organisation.acronym == "FIFA"))
        moved = session.execute(text("UPDATE election SET post_id = :to WHERE post_id = :from"), {"to": fifa, "from": interpol}).rowcount
        assert moved >= 1
        assert session.get(models.Post, fifa, populate_existing=True).elections_count == moved
        session.execute(text("DELETE FROM election WHERE post_id = :post"), {"post": fifa})
        session.commit()
        counts = _counts(session)
        assert all(kept == actual == 0 for kept, actual in counts.values()), counts


def test_a_recount_mends_counts_set_wrong(seeded_app):
    with seeded_app.app_context():
        session = get_session()
        right = _counts(session)
        session.execute(text("UPDATE post SET elections_count = 99"))
        assert all(kept == 99 for kept, _ in _counts(session).values())
        counters.recount(session.connection())
        assert _counts(session) == right
        assert any(kept > 0 for kept, _ in right.values())


def test_the_lists_of_organisations_sum_the_kept_counts(seeded_app):
    with seeded_app.app_context():
        session = get_session()
        listed = {o.acronym: (o.posts, o.elections) for o in queries.organisation_list(session)}
        assert listed["FIFA"] == (1, 1)
        assert listed["INTERPOL"][1] == session.scalar(
            select(func.count()).select_from(models.Election).join(models.Post).join(models.Organisation)
            .where(models.Organisation.acronym == "INTERPOL")
        )
        most = queries.most_elections(session, 1)
        assert most.elections == session.scalar(select(func.count()).select_from(models.Election))
        assert most.listed == 2 and len(most.shown) == 1
        assert most.shown[0].elections == max(e for _p, e in listed.values())
        every = queries.most_elections(session, 5)  # more than there are: all of them, by acronym
        assert [(o.acronym, o.posts, o.elections) for o in every.shown] == [(a, *listed[a]) for a in sorted(listed)]
        assert (every.listed, every.elections) == (most.listed, most.elections)
