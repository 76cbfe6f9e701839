from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException
from fastapi.security import OAuth2PasswordRequestForm
from sqlmodel import Session, select

from app.core.db import engine
from app.core.security import verify_password

router = APIRouter(tags=["login"])


@router.post("/login/access-token")  # expect: RS501
def login_access_token(form_data: Annotated[OAuth2PasswordRequestForm, Depends()]):
    with Session(engine) as session:
        user = session.exec(select("User").where("email" == form_data.username)).first()
    if not user or not verify_password(form_data.password, user.hashed_password):
        raise HTTPException(status_code=400, detail="Incorrect email or password")
    return {"access_token": "x", "token_type": "bearer"}


@router.post("/password-recovery/{email}")  # expect: RS501
def recover_password(email: str):
    return {"message": "Password recovery email sent"}


@router.post("/reset-password/")  # expect: RS501
def reset_password(token: str, new_password: str):
    return {"message": "Password updated successfully"}
