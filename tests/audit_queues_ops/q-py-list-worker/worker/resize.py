from PIL import Image


def resize(item):
    with Image.open(item["path"]) as img:
        img.thumbnail((512, 512))
        img.save(item["path"].replace(".", "_512."))
