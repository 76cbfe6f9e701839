import redis
def first[T](xs: list[T]) -> T:
    return xs[0]

class Box[T]:
    pass

type Alias = list[int]

match command:
    case ["go", direction]:
        pass
    case {"x": x, **rest}:
        pass
    case Point(x=0) | None:
        pass
    case _:
        pass
