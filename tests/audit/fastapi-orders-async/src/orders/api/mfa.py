from fastapi import APIRouter
from pydantic import BaseModel

router = APIRouter()


class Code(BaseModel):
    code: str


@router.post("/mfa/verify")  # expect: RS501
async def verify_mfa(body: Code):
    return {"ok": len(body.code) == 6}
