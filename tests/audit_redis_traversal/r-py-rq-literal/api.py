from fastapi import FastAPI

from jobs import make_thumbnail, q

app = FastAPI()


@app.post("/images/{image_id}/thumbnail")
async def thumbnail(image_id: int):
    job = q.enqueue(make_thumbnail, f"/srv/images/{image_id}.png")
    return {"job": job.id}
