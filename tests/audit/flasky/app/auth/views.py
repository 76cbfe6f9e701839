from flask import flash, redirect, render_template, request, url_for
from flask_login import login_required, login_user, logout_user

from ..models import User
from . import auth


@auth.route("/login", methods=["GET", "POST"])  # expect: RS501
def login():
    if request.method == "POST":
        user = User.query.filter_by(email=request.form["email"].lower()).first()
        if user is not None and user.verify_password(request.form["password"]):
            login_user(user, request.form.get("remember_me") == "y")
            return redirect(request.args.get("next") or url_for("main.index"))
        flash("Invalid email or password.")
    return render_template("auth/login.html")


@auth.route("/logout")
@login_required
def logout():
    logout_user()
    return redirect(url_for("main.index"))
