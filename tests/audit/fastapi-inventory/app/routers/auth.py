from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.security import OAuth2PasswordRequestForm
from pydantic import BaseModel

from ..db import get_conn
from ..limiter import limiter
from ..security import verify_password

router = APIRouter()


class OtpIn(BaseModel):
    challenge_id: str
    code: str


@router.post("/token")
@limiter.limit("5/minute")
async def login(request: Request, form: OAuth2PasswordRequestForm = Depends(), conn=Depends(get_conn)):
    row = await conn.fetchrow("SELECT id, password_hash FROM users WHERE email = $1", form.username)
    if row is None or not verify_password(form.password, row["password_hash"]):
        raise HTTPException(status_code=401, detail="invalid credentials")
    return {"access_token": str(row["id"]), "token_type": "bearer"}


@router.post("/otp/verify")  # expect: RS501
async def verify_otp(body: OtpIn, conn=Depends(get_conn)):
    ok = await conn.fetchval("SELECT verify_otp($1, $2)", body.challenge_id, body.code)
    if not ok:
        raise HTTPException(status_code=401)
    return {"ok": True}


@router.post("/logout")
async def logout():
    return {"ok": True}
