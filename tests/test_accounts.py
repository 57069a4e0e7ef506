"""Accounts and roles: anyone reads, editors write, admins manage accounts; sessions and sign-in."""

from __future__ import annotations

from sqlalchemy import func, select

from tracker import models
from tracker.db import get_session

from .conftest import PASSWORD, csrf_token, make_user, post_form, sign_in
from .test_pages import ELECTION


def _elections(app) -> int:
    with app.app_context():
        return get_session().scalar(select(func.count()).select_from(models.Election))


def test_anyone_reads_but_anonymous_writes_are_refused(app, client, runner):
    runner.invoke(args=["seed"])
    assert client.get("/elections/interpol-2024-vice-president-africa").status_code == 200
    assert client.get("/countries/MAR").status_code == 200
    response = client.get("/elections/new")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/sign-in?next=")
    token = csrf_token(client, "/sign-in")  # a valid token does not make an anonymous write pass
    response = client.post("/elections/new", data={"csrf_token": token, **ELECTION})
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]
    response = client.post("/import", data={"csrf_token": token})
    assert response.status_code == 302
    assert _elections(app) == 1
    assert "New election" not in client.get("/").get_data(as_text=True)


def test_an_editor_writes_but_cannot_manage_accounts(app, client, editor_signed_in):
    response = post_form(client, "/elections/new", ELECTION)
    assert response.status_code == 302 and _elections(app) == 1
    assert client.get("/users").status_code == 403
    response = client.post(
        "/users", data={"csrf_token": csrf_token(client, "/sign-in"), "email": "x@example.org", "password": "p" * 12,
                        "role": "admin"}
    )
    assert response.status_code == 403
    with app.app_context():
        assert get_session().scalar(select(func.count()).select_from(models.User)) == 1


def test_an_admin_adds_and_changes_accounts(app, client, admin_signed_in):
    response = post_form(client, "/users", {"email": "New@Example.org", "password": "short", "role": "editor"})
    assert response.status_code == 400 and "at least 12" in response.get_data(as_text=True)
    response = post_form(client, "/users", {"email": "New@Example.org", "password": PASSWORD, "role": "editor"})
    assert response.status_code == 302
    response = post_form(client, "/users", {"email": "new@example.org", "password": PASSWORD, "role": "editor"})
    assert "An account for new@example.org exists already." in response.get_data(as_text=True)
    with app.app_context():
        user = get_session().scalar(select(models.User).where(models.User.email == "new@example.org"))
        assert user.role == "editor" and user.password_hash.startswith("$argon2id$")
        assert PASSWORD not in user.password_hash
        user_id = user.id
    # Close the account: it can no longer sign in.
    response = client.post(
        f"/users/{user_id}", data={"csrf_token": csrf_token(client, "/users"), f"u{user_id}-role": "editor"}
    )
    assert response.status_code == 302
    other = app.test_client()
    response = sign_in(other, "new@example.org")
    assert response.status_code == 400 and "the account is closed" in response.get_data(as_text=True)


def test_a_closed_account_is_signed_out_at_once(app, client, editor_signed_in):
    assert client.get("/elections/new").status_code == 200
    with app.app_context():
        user = get_session().scalar(select(models.User))
        user.active = False
        get_session().commit()
    assert client.get("/elections/new").status_code == 302


def test_sign_in_and_out_and_the_cookie(app, client):
    make_user(app, "editor@example.org")
    response = sign_in(client, "EDITOR@example.org ")
    assert response.status_code == 302
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    assert client.get("/elections/new").status_code == 200
    response = client.post("/sign-out")  # no CSRF token: refused
    assert response.status_code == 400
    assert client.get("/elections/new").status_code == 200
    response = client.post("/sign-out", data={"csrf_token": csrf_token(client, "/")})
    assert response.status_code == 302
    assert client.get("/elections/new").status_code == 302

    secure = app.test_client()
    token = csrf_token(secure, "https://localhost/sign-in")
    response = secure.post(
        "https://localhost/sign-in",
        data={"csrf_token": token, "email": "editor@example.org", "password": PASSWORD},
        headers={"Referer": "https://localhost/sign-in"},  # over https, Flask-WTF also checks the referrer
    )
    assert response.status_code == 302 and "Secure" in response.headers["Set-Cookie"]


def test_sign_in_goes_back_to_a_page_of_this_site_only(app, client):
    make_user(app, "editor@example.org")
    token = csrf_token(client, "/sign-in")
    data = {"csrf_token": token, "email": "editor@example.org", "password": PASSWORD}
    response = client.post("/sign-in?next=/elections/new", data=data)
    assert response.headers["Location"] == "/elections/new"
    for target in ("//evil.example/x", "https://evil.example/", "/\\evil.example"):
        client.post("/sign-out", data={"csrf_token": csrf_token(client, "/")})
        data["csrf_token"] = csrf_token(client, "/sign-in")  # signing out ended the session and its token
        response = client.post("/sign-in", query_string={"next": target}, data=data)
        assert response.headers["Location"] == "/", target


def test_wrong_passwords_are_refused_then_rate_limited(app, client):
    make_user(app, "editor@example.org")
    token = csrf_token(client, "/sign-in")
    for _ in range(5):
        response = client.post("/sign-in", data={"csrf_token": token, "email": "editor@example.org", "password": "wrong" * 3})
        assert response.status_code == 400
        assert "The email or the password is wrong" in response.get_data(as_text=True)
    response = client.post("/sign-in", data={"csrf_token": token, "email": "editor@example.org", "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many attempts" in response.get_data(as_text=True)


def test_create_user_command_prompts_for_the_password(app, runner):
    result = runner.invoke(args=["create-user", "chief@example.org", "--role", "admin"], input=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert "Account created: chief@example.org (admin)." in result.output
    result = runner.invoke(args=["create-user", "weak@example.org"], input="short\nshort\n")
    assert result.exit_code != 0 and "at least 12 characters" in result.output
    result = runner.invoke(args=["create-user", "chief@example.org"], input=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code != 0 and "exists already" in result.output
    result = runner.invoke(args=["create-user", "not-an-email"], input=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code != 0 and "is not an email address" in result.output


def test_signing_out_ends_every_copy_of_the_session(app, client):
    make_user(app, "editor@example.org")
    sign_in(client, "editor@example.org")
    stolen = client.get_cookie("session").value
    client.post("/sign-out", data={"csrf_token": csrf_token(client, "/")})
    thief = app.test_client()
    thief.set_cookie("session", stolen)
    assert thief.get("/elections/new").status_code == 302  # the copied cookie signs no one in


def test_a_token_from_before_signing_in_is_not_carried_over(app, client):
    make_user(app, "editor@example.org")
    before = csrf_token(client, "/sign-in")
    sign_in(client, "editor@example.org")
    after = csrf_token(client, "/elections/new")
    response = client.post("/elections/new", data={"csrf_token": before, "organisation_acronym": "X"})
    assert response.status_code == 400 and before != after


def test_the_history_names_editors_to_signed_in_users_only(app, client, runner, editor_signed_in):
    runner.invoke(args=["seed"])
    assert post_form(client, "/elections/interpol-2024-vice-president-africa/delete", {}).status_code == 302
    assert "editor@example.org" in client.get("/elections/interpol-2024-vice-president-africa/history").get_data(as_text=True)
    page = app.test_client().get("/elections/interpol-2024-vice-president-africa/history").get_data(as_text=True)
    assert "editor@example.org" not in page and "by an editor" in page


def test_passwords_are_hashed_with_rfc_9106s_second_profile_unless_the_tests_ask_otherwise(tmp_path):
    from tracker import create_app
    from tracker.accounts import users
    from tracker.db import get_engine, get_session
    from tracker.migrations import upgrade

    app = create_app({"TESTING": True, "SECRET_KEY": "t", "DATABASE_URL": f"sqlite:///{tmp_path / 'hash.sqlite'}"})
    with app.app_context():
        upgrade(get_engine())
        user = users.create_user(get_session(), "someone@example.org", "correct horse battery staple", "editor")
        assert user.password_hash.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
