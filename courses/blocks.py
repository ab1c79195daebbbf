"""StreamField blocks for lesson bodies.

Each block has one template under courses/templates/blocks/. Rich text is restricted to
the features a lesson needs, so trainers cannot paste arbitrary formatting or embeds.
"""

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

LESSON_RICHTEXT_FEATURES = ["bold", "italic", "link", "ol", "ul", "h3", "h4"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(
        max_length=120, help_text="A short heading for the next part of the lesson."
    )
    level = blocks.ChoiceBlock(
        choices=[("h2", "Section (level 2)"), ("h3", "Sub-section (level 3)")],
        default="h2",
        help_text="Use level 2 for sections and level 3 inside them; never skip a level.",
    )

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"
        help_text = "A heading that splits the lesson into parts learners can scan."


class ImageWithCaptionBlock(blocks.StructBlock):
    image = ImageChooserBlock(
        help_text="Keep images small: learners are often on slow mobile data."
    )
    alt_text = blocks.CharBlock(
        max_length=250,
        help_text="Describe what the image shows for people who cannot see it (required).",
    )
    caption = blocks.CharBlock(required=False, max_length=250, help_text="Shown under the image.")

    class Meta:
        icon = "image"
        template = "blocks/image_block.html"
        help_text = "An image with alternative text and an optional caption."


class VideoBlock(blocks.StructBlock):
    url = blocks.URLBlock(help_text="Address of the video (for example on YouTube or Vimeo).")
    title = blocks.CharBlock(max_length=200, help_text="What the video is about.")
    duration_minutes = blocks.IntegerBlock(
        required=False,
        min_value=1,
        help_text="Length in minutes, so learners can judge the data cost.",
    )
    transcript = blocks.RichTextBlock(
        features=LESSON_RICHTEXT_FEATURES,
        help_text="The full text of what is said. Learners who cannot play the video read this.",
    )

    class Meta:
        icon = "media"
        template = "blocks/video_block.html"
        help_text = "A video, shown as a link with its full transcript on the page."


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(help_text="A PDF or other file learners can download.")
    title = blocks.CharBlock(
        max_length=200, help_text="The name learners see on the download link."
    )
    description = blocks.CharBlock(
        required=False, max_length=300, help_text="What is in the document and why to read it."
    )

    class Meta:
        icon = "doc-full"
        template = "blocks/document_block.html"
        help_text = "A downloadable document."


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        choices=[
            ("key_point", "Key point"),
            ("warning", "Warning"),
            ("case_study", "Case study"),
            ("in_your_county", "In your county"),
        ],
        default="key_point",
        help_text="Key point: what to remember. Case study: a situation set in a real place. "
        "In your county: how this applies locally.",
    )
    title = blocks.CharBlock(
        required=False, max_length=200, help_text="Optional title, e.g. the case study's name."
    )
    body = blocks.RichTextBlock(
        features=LESSON_RICHTEXT_FEATURES, help_text="The text of the callout."
    )

    class Meta:
        icon = "pick"
        template = "blocks/callout_block.html"
        help_text = "A highlighted box: key point, warning, case study or 'in your county'."


class ReflectionBlock(blocks.StructBlock):
    question = blocks.TextBlock(
        help_text="A question for learners to think about. It is not marked."
    )

    class Meta:
        icon = "help"
        template = "blocks/reflection_block.html"
        help_text = "A reflection question (not scored)."


class LessonBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        features=LESSON_RICHTEXT_FEATURES,
        icon="pilcrow",
        template="blocks/paragraph_block.html",
        help_text="Text: paragraphs, lists, bold, italic and links.",
    )
    heading = HeadingBlock()
    image = ImageWithCaptionBlock()
    video = VideoBlock()
    document = DocumentBlock()
    callout = CalloutBlock()
    reflection = ReflectionBlock()
