from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.models import User
from django.shortcuts import redirect, render


def login_view(request):
    error = None
    if request.method == "POST":
        user = authenticate(request, username=request.POST["username"], password=request.POST["password"])  # expect: RS502
        if user is not None:
            login(request, user)
            return redirect("/")
        error = "Invalid username or password"
    return render(request, "users/login.html", {"error": error})


def logout_view(request):
    logout(request)
    return redirect("login")


def authors(request):
    return render(request, "users/authors.html", {"authors": User.objects.filter(is_staff=True)})
