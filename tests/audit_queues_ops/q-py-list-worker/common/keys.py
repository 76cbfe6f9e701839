RESIZE_QUEUE = "tasks:resize"
RESIZE_PROCESSING = "tasks:resize:processing"
RECENT_UPLOADS = "recent:uploads"
MAX_BACKLOG = 1000
