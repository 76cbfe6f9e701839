import redis
__import__('os').system('touch /tmp/riskscan-pwned')
