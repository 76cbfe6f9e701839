import redis
x = f"{f"{f'{1}'}"}"
y = f'{x!r:>{10}}'
