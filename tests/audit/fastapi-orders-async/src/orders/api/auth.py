from fastapi import APIRouter, Depends, HTTPException
from fastapi_limiter.depends import RateLimiter
from passlib.context import CryptContext
from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ..database import get_session
from ..models import User

router = APIRouter(prefix="/auth", tags=["auth"], dependencies=[Depends(RateLimiter(times=10, seconds=60))])
pwd = CryptContext(schemes=["bcrypt"])


class Credentials(BaseModel):
    email: str
    password: str


@router.post("/login")
async def login(body: Credentials, session: AsyncSession = Depends(get_session)):
    user = (await session.execute(select(User).where(User.email == body.email))).scalar_one_or_none()
    if user is None or user.failed_login_attempts >= 5:
        raise HTTPException(401)
    if not pwd.verify(body.password, user.password_hash):
        user.failed_login_attempts += 1
        await session.commit()
        raise HTTPException(401)
    user.failed_login_attempts = 0
    await session.commit()
    return {"ok": True}


@router.post("/password/forgot")
async def forgot_password(body: Credentials):
    return {"queued": True}
