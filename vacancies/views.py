from django.views.generic import DetailView, ListView

from .models import Vacancy


class VacancyListView(ListView):
    template_name = "vacancies/vacancy_list.html"
    context_object_name = "vacancies"
    paginate_by = 20

    def get_queryset(self):
        return Vacancy.objects.published().for_list()


class VacancyDetailView(DetailView):
    template_name = "vacancies/vacancy_detail.html"
    context_object_name = "vacancy"

    def get_queryset(self):
        return Vacancy.objects.viewable().for_detail()
