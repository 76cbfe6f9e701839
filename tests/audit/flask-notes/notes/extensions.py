from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

# No default limits: endpoints opt in with @limiter.limit(...)
limiter = Limiter(key_func=get_remote_address)
