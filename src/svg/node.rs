//! The shapes a [`super::Figure`] is made of, each a small builder that writes itself as
//! one SVG element. Paint is always inline `style` (a CSS variable cannot be a
//! presentation attribute); every text and attribute value is escaped.

use super::xml::{escape_to, number_to};
use super::Paint;

/// One element of a figure.
#[derive(Debug, Clone)]
pub enum Node {
    /// `<rect>`.
    Rect(Rect),
    /// `<text>`.
    Text(Text),
    /// `<line>`.
    Line(Line),
    /// `<circle>`.
    Circle(Circle),
    /// `<g>`, optionally a link (`<a href>`).
    Group(Group),
}

impl Node {
    /// Appends the element's markup to `out`.
    pub fn write_to(&self, out: &mut String) {
        match self {
            Node::Rect(r) => r.write_to(out),
            Node::Text(t) => t.write_to(out),
            Node::Line(l) => l.write_to(out),
            Node::Circle(c) => c.write_to(out),
            Node::Group(g) => g.write_to(out),
        }
    }
}

/// Writes ` name="value"` with the value as a number.
fn num_attr(out: &mut String, name: &str, value: f64) {
    out.push(' ');
    out.push_str(name);
    out.push_str("=\"");
    number_to(out, value);
    out.push('"');
}

/// Writes `<title>text</title>` (a tooltip, and the full text of a cut label).
fn title_to(out: &mut String, title: Option<&str>) {
    if let Some(title) = title {
        out.push_str("<title>");
        escape_to(out, title);
        out.push_str("</title>");
    }
}

/// Closes an element that may hold a `<title>`.
fn close(out: &mut String, tag: &str, title: Option<&str>) {
    match title {
        Some(_) => {
            out.push('>');
            title_to(out, title);
            out.push_str(&format!("</{tag}>"));
        }
        None => out.push_str("/>"),
    }
}

/// A rectangle, filled and optionally outlined.
#[derive(Debug, Clone)]
pub struct Rect {
    x: f64,
    y: f64,
    width: f64,
    height: f64,
    fill: Paint,
    stroke: Option<Paint>,
    radius: f64,
    title: Option<String>,
}

impl Rect {
    /// A rectangle filled with [`Paint::Accent`]; negative sizes are drawn as zero.
    pub fn new(x: f64, y: f64, width: f64, height: f64) -> Rect {
        Rect {
            x,
            y,
            width: width.max(0.0),
            height: height.max(0.0),
            fill: Paint::Accent,
            stroke: None,
            radius: 0.0,
            title: None,
        }
    }
    /// Sets the fill.
    pub fn fill(mut self, paint: Paint) -> Rect {
        self.fill = paint;
        self
    }
    /// Outlines it (1 px).
    pub fn stroke(mut self, paint: Paint) -> Rect {
        self.stroke = Some(paint);
        self
    }
    /// Rounds its corners.
    pub fn radius(mut self, radius: f64) -> Rect {
        self.radius = radius;
        self
    }
    /// A tooltip.
    pub fn title(mut self, title: impl Into<String>) -> Rect {
        self.title = Some(title.into());
        self
    }
    fn write_to(&self, out: &mut String) {
        out.push_str("<rect");
        num_attr(out, "x", self.x);
        num_attr(out, "y", self.y);
        num_attr(out, "width", self.width);
        num_attr(out, "height", self.height);
        if self.radius > 0.0 {
            num_attr(out, "rx", self.radius);
        }
        out.push_str(" style=\"fill:");
        out.push_str(self.fill.css());
        if let Some(stroke) = self.stroke {
            out.push_str(";stroke:");
            out.push_str(stroke.css());
        }
        out.push('"');
        close(out, "rect", self.title.as_deref());
    }
}

/// Where a text sits relative to its `x`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    /// `x` is the left end.
    Start,
    /// `x` is the middle.
    Middle,
    /// `x` is the right end.
    End,
}

impl Anchor {
    fn as_str(self) -> &'static str {
        match self {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        }
    }
}

/// One line of text; `y` is its baseline.
#[derive(Debug, Clone)]
pub struct Text {
    x: f64,
    y: f64,
    content: String,
    anchor: Anchor,
    size: f64,
    bold: bool,
    fill: Paint,
    title: Option<String>,
}

impl Text {
    /// Text in the page's colour at 13 px, starting at `x`.
    pub fn new(x: f64, y: f64, content: impl Into<String>) -> Text {
        Text {
            x,
            y,
            content: content.into(),
            anchor: Anchor::Start,
            size: 13.0,
            bold: false,
            fill: Paint::Foreground,
            title: None,
        }
    }
    /// Sets the anchor.
    pub fn anchor(mut self, anchor: Anchor) -> Text {
        self.anchor = anchor;
        self
    }
    /// Sets the font size in px.
    pub fn size(mut self, size: f64) -> Text {
        self.size = size;
        self
    }
    /// Bold.
    pub fn bold(mut self) -> Text {
        self.bold = true;
        self
    }
    /// Sets the colour.
    pub fn fill(mut self, paint: Paint) -> Text {
        self.fill = paint;
        self
    }
    /// A tooltip (the full text when `content` was cut to fit).
    pub fn title(mut self, title: impl Into<String>) -> Text {
        self.title = Some(title.into());
        self
    }
    fn write_to(&self, out: &mut String) {
        out.push_str("<text");
        num_attr(out, "x", self.x);
        num_attr(out, "y", self.y);
        if self.anchor != Anchor::Start {
            out.push_str(" text-anchor=\"");
            out.push_str(self.anchor.as_str());
            out.push('"');
        }
        if self.size != 13.0 {
            num_attr(out, "font-size", self.size);
        }
        if self.bold {
            out.push_str(" font-weight=\"bold\"");
        }
        if self.fill != Paint::Foreground {
            out.push_str(" style=\"fill:");
            out.push_str(self.fill.css());
            out.push('"');
        }
        out.push('>');
        title_to(out, self.title.as_deref());
        escape_to(out, &self.content);
        out.push_str("</text>");
    }
}

/// A straight line.
#[derive(Debug, Clone)]
pub struct Line {
    from: (f64, f64),
    to: (f64, f64),
    stroke: Paint,
    width: f64,
    dashed: bool,
}

impl Line {
    /// A 1 px line in [`Paint::Muted`].
    pub fn new(from: (f64, f64), to: (f64, f64)) -> Line {
        Line {
            from,
            to,
            stroke: Paint::Muted,
            width: 1.0,
            dashed: false,
        }
    }
    /// Sets the colour.
    pub fn stroke(mut self, paint: Paint) -> Line {
        self.stroke = paint;
        self
    }
    /// Sets the width in px.
    pub fn width(mut self, width: f64) -> Line {
        self.width = width;
        self
    }
    /// Dashed (a planned or missing link).
    pub fn dashed(mut self) -> Line {
        self.dashed = true;
        self
    }
    fn write_to(&self, out: &mut String) {
        out.push_str("<line");
        num_attr(out, "x1", self.from.0);
        num_attr(out, "y1", self.from.1);
        num_attr(out, "x2", self.to.0);
        num_attr(out, "y2", self.to.1);
        out.push_str(" style=\"stroke:");
        out.push_str(self.stroke.css());
        out.push_str(";stroke-width:");
        number_to(out, self.width);
        if self.dashed {
            out.push_str(";stroke-dasharray:4 3");
        }
        out.push_str("\"/>");
    }
}

/// A circle (a gate marker, a dot).
#[derive(Debug, Clone)]
pub struct Circle {
    center: (f64, f64),
    radius: f64,
    fill: Paint,
    stroke: Option<Paint>,
    title: Option<String>,
}

impl Circle {
    /// A circle filled with [`Paint::Accent`].
    pub fn new(center: (f64, f64), radius: f64) -> Circle {
        Circle {
            center,
            radius: radius.max(0.0),
            fill: Paint::Accent,
            stroke: None,
            title: None,
        }
    }
    /// Sets the fill.
    pub fn fill(mut self, paint: Paint) -> Circle {
        self.fill = paint;
        self
    }
    /// Outlines it (2 px).
    pub fn stroke(mut self, paint: Paint) -> Circle {
        self.stroke = Some(paint);
        self
    }
    /// A tooltip.
    pub fn title(mut self, title: impl Into<String>) -> Circle {
        self.title = Some(title.into());
        self
    }
    fn write_to(&self, out: &mut String) {
        out.push_str("<circle");
        num_attr(out, "cx", self.center.0);
        num_attr(out, "cy", self.center.1);
        num_attr(out, "r", self.radius);
        out.push_str(" style=\"fill:");
        out.push_str(self.fill.css());
        if let Some(stroke) = self.stroke {
            out.push_str(";stroke:");
            out.push_str(stroke.css());
            out.push_str(";stroke-width:2");
        }
        out.push('"');
        close(out, "circle", self.title.as_deref());
    }
}

/// Shapes drawn together; with [`Group::link`] the whole group is a link.
#[derive(Debug, Clone, Default)]
pub struct Group {
    children: Vec<Node>,
    href: Option<String>,
    title: Option<String>,
}

impl Group {
    /// An empty group.
    pub fn new() -> Group {
        Group::default()
    }
    /// Adds a shape.
    pub fn push(mut self, node: impl Into<Node>) -> Group {
        self.children.push(node.into());
        self
    }
    /// Makes the group a link, e.g. `#gap.owner.change` or `security.md#control.dmz`.
    pub fn link(mut self, href: impl Into<String>) -> Group {
        self.href = Some(href.into());
        self
    }
    /// A tooltip for the whole group.
    pub fn title(mut self, title: impl Into<String>) -> Group {
        self.title = Some(title.into());
        self
    }
    fn write_to(&self, out: &mut String) {
        if let Some(href) = &self.href {
            out.push_str("<a href=\"");
            escape_to(out, href);
            out.push_str("\">");
        }
        out.push_str("<g>");
        title_to(out, self.title.as_deref());
        for child in &self.children {
            child.write_to(out);
        }
        out.push_str("</g>");
        if self.href.is_some() {
            out.push_str("</a>");
        }
    }
}

macro_rules! into_node {
    ($($kind:ident),*) => {$(
        impl From<$kind> for Node {
            fn from(value: $kind) -> Node {
                Node::$kind(value)
            }
        }
    )*};
}
into_node!(Rect, Text, Line, Circle, Group);
