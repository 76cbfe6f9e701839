import asyncio
import logging
import os

from aiogram import Bot, Dispatcher
from aiogram.types import Message

from .db import Database

dp = Dispatcher()
db = Database(os.environ["DATABASE_URL"])


@dp.message()
async def on_message(message: Message) -> None:
    user = await db.get_user(message.from_user.id)
    if user is None:
        await db.add_user(message.from_user.id, message.from_user.full_name)
    await message.answer("hi")


async def main() -> None:
    logging.basicConfig(level=logging.INFO)
    await db.connect()
    try:
        await dp.start_polling(Bot(os.environ["BOT_TOKEN"]))
    finally:
        await db.close()


if __name__ == "__main__":
    asyncio.run(main())
