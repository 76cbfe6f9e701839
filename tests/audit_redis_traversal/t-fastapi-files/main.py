from pathlib import Path
from uuid import UUID

import aiofiles
from fastapi import FastAPI, File, HTTPException, Query, UploadFile
from fastapi.responses import FileResponse

app = FastAPI()
STORE = Path("/srv/store").resolve()


@app.get("/files/{file_path:path}")
async def read_file(file_path: str):
    return FileResponse(f"/srv/store/{file_path}")  # expect: RS701


@app.get("/export")
async def export(name: str = Query(...)):
    return FileResponse(STORE / "exports" / name)  # expect: RS701


@app.get("/safe/{name}")
async def safe(name: str):
    target = (STORE / name).resolve()
    if not target.is_relative_to(STORE):
        raise HTTPException(status_code=403)
    return FileResponse(target)


@app.get("/items/{item_id}")
async def item(item_id: int):
    return FileResponse(STORE / "items" / f"{item_id}.json")


@app.get("/docs/{doc_id}")
async def doc(doc_id: UUID):
    return FileResponse(STORE / "docs" / f"{doc_id}.pdf")


@app.post("/upload")
async def upload(file: UploadFile = File(...)):
    async with aiofiles.open(f"/srv/store/uploads/{file.filename}", "wb") as out:  # expect: RS701
        await out.write(await file.read())
    return {"ok": True}


@app.post("/upload-safe")
async def upload_safe(file: UploadFile = File(...)):
    dest = STORE / "uploads" / Path(file.filename).name
    dest.write_bytes(await file.read())
    return {"ok": True}
