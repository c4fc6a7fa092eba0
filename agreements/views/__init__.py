from .partnerships import partnership_detail, partnership_list

__all__ = ["partnership_detail", "partnership_list"]
