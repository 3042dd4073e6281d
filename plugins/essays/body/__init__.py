"""An essay's body: captioned figures, resized photos, links written as relative paths."""
