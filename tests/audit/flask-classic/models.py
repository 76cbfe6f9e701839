from dataclasses import dataclass

import bcrypt

from db import db_pool


@dataclass
class User:
    id: int
    email: str
    password_hash: bytes

    def check_password(self, password: str) -> bool:
        return bcrypt.checkpw(password.encode(), self.password_hash)  # expect: RS502

    @classmethod
    def by_email(cls, email: str) -> "User | None":
        conn = db_pool.getconn()
        try:
            with conn.cursor() as cur:
                cur.execute("SELECT id, email, password_hash FROM users WHERE email = %s", (email,))
                row = cur.fetchone()
        finally:
            db_pool.putconn(conn)
        return cls(row[0], row[1], bytes(row[2])) if row else None
