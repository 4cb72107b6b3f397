//! Which params and fields page an action (Page/PageSize, Offset/Limit).

use super::*;

/// Recognises Page/PageSize and Offset/Limit pagination: both request params, and exactly one
/// list in the response holding the items.
pub(super) fn pagination(request: &[FieldPlan], response: &[FieldPlan]) -> Option<Pagination> {
    let int = |fields: &[FieldPlan], wire: &str| {
        fields.iter().find(|f| f.wire == wire && matches!(f.ty, RustType::Int)).map(|f| f.rust.clone())
    };
    let (style, cursor, size) = if let (Some(c), Some(s)) = (int(request, "Page"), int(request, "PageSize")) {
        (PageStyle::Page, c, s)
    } else if let (Some(c), Some(s)) = (int(request, "Offset"), int(request, "Limit")) {
        (PageStyle::Offset, c, s)
    } else {
        return None;
    };
    let lists: Vec<&FieldPlan> = response.iter().filter(|f| matches!(f.ty, RustType::List(_))).collect();
    let [items] = lists.as_slice() else { return None };
    let RustType::List(item_type) = &items.ty else { return None };
    // A total documented as anything but an integer is not used: paging then stops at a short page.
    let total = int(response, "Total").or_else(|| int(response, "TotalCount"));
    Some(Pagination {
        style,
        cursor,
        size,
        items: items.rust.clone(),
        item_type: (**item_type).clone(),
        total,
    })
}
